// Router::Core's spending cap: each attempt's worst case reserved (under a price ceiling or
// with fewer tokens when the full one does not fit), written to the ledger before sending, and
// scaled by what providers have really billed against their list.
#include "routing/router_core.h"
#include "routing/router_policy.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace scriptorium::routing {

Status Router::Core::reserveBudget(Generation &g, Attempt &attempt, openrouter::ChatRequest &chat)
{
    Budget *budget = budgetOf(g);
    if (!budget)
        return {};
    // Every model the request may be served by: the primary's endpoints and the fallbacks'.
    std::vector<openrouter::EndpointInfo> endpoints = endpointsOf(g);
    for (const openrouter::ModelEndpoints &fallback : g.request.fallbackEndpoints) {
        if (std::ranges::find(chat.models, fallback.id) != chat.models.end())
            endpoints.insert(endpoints.end(), fallback.endpoints.begin(), fallback.endpoints.end());
    }
    const auto bound = priceBound(attempt.quantizations, endpoints, chat.provider->maxPrice);
    const std::int64_t promptTokens = estimatePromptTokens(chat.messages);
    const bool capped = budget->remainingUsd().has_value();
    if (!bound) {
        if (capped)
            return fail(ErrorCode::Budget,
                        "the spending cap cannot be kept: this request's price is unknown (the "
                        "model list could not be loaded, or it has no price for this precision); "
                        "connect and try again, or set provider.max_price in the routing config",
                        "model " + g.request.model);
        // No cap: spending is tracked, nothing to hold back; the ledger still learns of the
        // request so a crash leaves its OpenRouter id to reconcile.
        return writeReservation(g, attempt);
    }
    // What this model has really been billed against its listed price (never below 1): a
    // provider that bills above its list price must not overrun the cap.
    const double ratio = std::max(1.0, billedRatio(g.request.model));
    const std::int64_t wanted = chat.maxTokens.value_or(kDefaultMaxTokens);
    const double worst = ratio
        * (static_cast<double>(promptTokens) * bound->prompt
           + static_cast<double>(wanted) * bound->completion + bound->request);
    auto reserved = budget->reserve(worst);
    if (reserved) {
        attempt.reservedUsd = worst;
        return writeReservation(g, attempt);
    }
    // Not enough for the whole request at the dearest endpoint it may be served by. First a
    // price ceiling: provider.max_price keeps it on endpoints the budget can pay in full
    // (the cheapest ceiling is the last resort); then, at the cheapest ceiling, fewer tokens
    // — prose can be continued later, down to what the request says it needs.
    auto costAt = [&](const PriceBound &b, std::int64_t tokens) {
        return ratio
            * (static_cast<double>(promptTokens) * b.prompt
               + static_cast<double>(tokens) * b.completion + b.request);
    };
    auto setCeiling = [&](const PriceBound &b) {
        openrouter::MaxPrice ceiling = chat.provider->maxPrice.value_or(openrouter::MaxPrice{});
        ceiling.prompt = b.prompt * 1e6;
        ceiling.completion = b.completion * 1e6;
        chat.provider->maxPrice = ceiling;
        attempt.reason += (attempt.reason.empty() ? "" : "; ")
            + std::string("under the spending cap, only endpoints up to $")
            + std::to_string(b.completion * 1e6) + "/M output";
    };
    const std::vector<PriceBound> ceilings
        = priceCeilings(attempt.quantizations, endpoints, chat.provider->maxPrice);
    for (auto it = ceilings.rbegin(); it != ceilings.rend(); ++it) {
        if (it->completion >= bound->completion && it->prompt >= bound->prompt)
            continue; // the full bound, already refused
        const double worstHere = costAt(*it, wanted);
        if (budget->reserve(worstHere)) {
            setCeiling(*it);
            attempt.reservedUsd = worstHere;
            return writeReservation(g, attempt);
        }
    }
    const PriceBound cheapest = ceilings.empty() ? *bound : ceilings.front();
    const std::int64_t floor = g.request.minTokens.value_or(options.minAffordableTokens);
    const std::int64_t affordable
        = affordableMaxTokens(budget->remainingUsd().value_or(0.0) / ratio, promptTokens, cheapest);
    if (affordable < floor || affordable >= wanted)
        return reserved;
    const double shrunk = costAt(cheapest, affordable);
    if (auto ok = budget->reserve(shrunk); !ok)
        return ok;
    if (!ceilings.empty()
        && (cheapest.completion < bound->completion || cheapest.prompt < bound->prompt))
        setCeiling(cheapest);
    chat.maxTokens = static_cast<int>(affordable);
    attempt.reservedUsd = shrunk;
    return writeReservation(g, attempt);
}

Status Router::Core::writeReservation(Generation &g, Attempt &attempt)
{
    if (!options.ledger || !g.request.recordId)
        return {};
    ReservationOwner owner;
    owner.recordId = *g.request.recordId;
    owner.batchId = g.request.batchId;
    owner.attemptIndex = g.attempts + 1;
    auto id = options.ledger->open(owner, attempt.reservedUsd);
    if (!id) {
        // Unrecorded money in flight would not survive a crash: send nothing.
        if (Budget *budget = budgetOf(g))
            budget->settle(attempt.reservedUsd, 0.0);
        attempt.reservedUsd = 0;
        return fail(id.error().code,
                    "the request was not sent: its budget reservation could not be written to "
                    "the library ("
                        + id.error().message + ")",
                    id.error().detail);
    }
    attempt.reservationId = *id;
    return {};
}

void Router::Core::identifyReservation(Attempt &attempt)
{
    if (attempt.identified || !attempt.reservationId || !options.ledger
        || attempt.record.generationId.empty())
        return;
    attempt.identified = true;
    options.ledger->identify(*attempt.reservationId, attempt.record.generationId);
}

double Router::Core::billedRatio(const std::string &model) const
{
    std::lock_guard lock(mutex);
    const auto it = billedRatios.find(model);
    if (it == billedRatios.end() || it->second.empty())
        return 0.0;
    return *std::ranges::max_element(it->second);
}

void Router::Core::noteBilledRatio(const Generation &g, const AttemptRecord &rec)
{
    // Only a bill (usage or /generation) says what the provider really charged.
    if (!rec.costUsd || rec.costSource == CostSource::Estimate || rec.costSource == CostSource::None
        || rec.tokensEstimated || rec.completionTokens <= 0)
        return;
    const auto listed
        = estimateCostUsd(rec.promptTokens, rec.completionTokens, rec.provider, endpointsOf(g));
    if (!listed || *listed <= 0 || !std::isfinite(*rec.costUsd / *listed))
        return;
    // A bounded window: an old price rise stops inflating reservations after it is undone.
    constexpr std::size_t kWindow = 32;
    std::lock_guard lock(mutex);
    std::deque<double> &ratios = billedRatios[g.request.model];
    ratios.push_back(*rec.costUsd / *listed);
    if (ratios.size() > kWindow)
        ratios.pop_front();
}

} // namespace scriptorium::routing
