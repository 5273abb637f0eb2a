#include "routing/adaptive_strategy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace scriptorium::routing {

namespace {

// A failure probability is never taken as certain: a dead endpoint still has a finite cost,
// so the ranking stays total.
constexpr double kMaxFailure = 0.99;

double requestTimeMs(const EndpointOutlook &e, std::int64_t completionTokens)
{
    const double decodeMs
        = 1000.0 * static_cast<double>(completionTokens) / std::max(e.decodeTokensPerSecond, 0.1);
    return e.ttftMs + decodeMs * (1.0 + e.midStreamFailureProbability);
}

// How uncertain an estimate of speed or TTFT is, as a standard deviation of its logarithm: a
// single catalog p50 or measurement leaves about ±65 % (σ = 0.5); each observation narrows it.
constexpr double kPriorLogSpread = 0.5;
// One-sided 95 %: the optimistic end of an estimate.
constexpr double kOptimism = 1.645;

// The request's time if the endpoint is as fast as its estimate plausibly allows (failures
// ignored: a recovered endpoint is judged by what it can do).
double optimisticTimeMs(const EndpointOutlook &e, double samples, std::int64_t completionTokens)
{
    const double spread = kPriorLogSpread / std::sqrt(1.0 + std::max(0.0, samples));
    const double factor = std::exp(kOptimism * spread);
    return e.ttftMs / factor
        + 1000.0 * static_cast<double>(completionTokens)
        / (std::max(e.decodeTokensPerSecond, 0.1) * factor);
}

std::string formatSeconds(double ms)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f s", ms / 1000.0);
    return buffer;
}

std::string describe(const RankedEndpoint &r, RoutingObjective objective)
{
    char buffer[160];
    if (objective == RoutingObjective::Cost) {
        std::snprintf(buffer, sizeof buffer, "%s $%.6f, %.0f tok/s%s", r.outlook.tag.c_str(),
                      r.expectedUsd, r.outlook.decodeTokensPerSecond,
                      r.meetsFloor ? "" : " (below the speed floor)");
    } else {
        std::snprintf(buffer, sizeof buffer, "%s %s (TTFT %.0f ms, %.0f tok/s, %.0f%% failures)",
                      r.outlook.tag.c_str(), formatSeconds(r.expectedMs).c_str(), r.outlook.ttftMs,
                      r.outlook.decodeTokensPerSecond, 100.0 * r.outlook.failureProbability);
    }
    return buffer;
}

std::string describeQuality(const EndpointOutlook &o)
{
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%s writes worse: %.1f findings/10k tokens vs %.1f",
                  o.tag.c_str(), o.findingsPer10k, o.peerFindingsPer10k);
    return buffer;
}

bool precisionAllowed(const std::vector<std::string> &allowed, std::string_view quantization)
{
    if (allowed.empty())
        return true;
    return std::ranges::any_of(allowed, [&](const std::string &q) {
        return openrouter::quantizationMatches(q, quantization);
    });
}

} // namespace

std::vector<RankedEndpoint> rankEndpoints(const std::vector<EndpointOutlook> &endpoints,
                                          RoutingObjective objective, std::int64_t promptTokens,
                                          std::int64_t completionTokens,
                                          std::optional<double> minThroughput)
{
    std::vector<RankedEndpoint> out;
    out.reserve(endpoints.size());
    for (const EndpointOutlook &e : endpoints) {
        RankedEndpoint r;
        r.outlook = e;
        r.expectedMs = requestTimeMs(e, completionTokens);
        const double p = std::clamp(e.failureProbability, 0.0, kMaxFailure);
        r.expectedUsd = (static_cast<double>(promptTokens) * e.promptPricePerToken
                         + static_cast<double>(completionTokens) * e.completionPricePerToken)
            / (1.0 - p);
        r.meetsFloor = !minThroughput || e.decodeTokensPerSecond >= *minThroughput;
        out.push_back(std::move(r));
    }
    // A failure before the first token costs its latency plus the best other endpoint's time.
    std::vector<double> own(out.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        own[i] = out[i].expectedMs;
    for (std::size_t i = 0; i < out.size(); ++i) {
        double alternative = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < out.size(); ++j) {
            if (j != i)
                alternative = std::min(alternative, own[j]);
        }
        if (!std::isfinite(alternative))
            alternative = own[i]; // the only endpoint: a failure means trying it again
        const double p = std::clamp(out[i].outlook.failureProbability, 0.0, kMaxFailure);
        out[i].expectedMs
            = (1.0 - p) * own[i] + p * (out[i].outlook.failureLatencyMs + alternative);
    }
    double bestMs = std::numeric_limits<double>::infinity();
    double bestUsd = std::numeric_limits<double>::infinity();
    for (const RankedEndpoint &r : out) {
        bestMs = std::min(bestMs, r.expectedMs);
        bestUsd = std::min(bestUsd, r.expectedUsd);
    }
    auto balancedScore = [&](const RankedEndpoint &r) {
        const double time = bestMs > 0 ? r.expectedMs / bestMs : 1.0;
        const double cost = bestUsd > 0 ? r.expectedUsd / bestUsd : 1.0;
        return time + cost;
    };
    std::ranges::stable_sort(out, [&](const RankedEndpoint &a, const RankedEndpoint &b) {
        if (a.outlook.writesWorse != b.outlook.writesWorse)
            return b.outlook.writesWorse;
        switch (objective) {
        case RoutingObjective::Speed:
            return a.expectedMs < b.expectedMs;
        case RoutingObjective::Cost:
            if (a.meetsFloor != b.meetsFloor)
                return a.meetsFloor;
            if (a.expectedUsd != b.expectedUsd)
                return a.expectedUsd < b.expectedUsd;
            return a.expectedMs < b.expectedMs;
        case RoutingObjective::Balanced:
            return balancedScore(a) < balancedScore(b);
        }
        return false;
    });
    return out;
}

AdaptiveStrategy::AdaptiveStrategy(std::shared_ptr<EndpointEstimates> estimates, std::uint64_t seed)
    : m_estimates(std::move(estimates))
    , m_rng(seed)
{
}

RoutingDecision AdaptiveStrategy::decide(const DecisionInput &input)
{
    const StrategySettings &settings = input.settings ? *input.settings : m_estimates->settings();
    RoutingDecision d;
    d.strategy = "adaptive";
    if (input.endpoints.empty()) {
        d.reason = "no endpoint list for " + input.model + " yet: the config's order";
        return d;
    }
    m_estimates->primeFromCatalog(input.model, input.endpoints);

    // fastest_acceptable widens the first step to every acceptable precision; a degrade step
    // after it keeps its own list.
    const bool widen = settings.precisionPolicy == PrecisionPolicy::FastestAcceptable
        && !settings.acceptablePrecisions.empty() && input.firstStep;
    const std::vector<std::string> &wanted
        = widen ? settings.acceptablePrecisions : input.quantizations;
    // The writer's forbidden precisions leave the request's filter, and no endpoint of them is
    // ordered; a step made only of them is skipped.
    const bool forbids = !settings.forbiddenPrecisions.empty();
    const std::vector<std::string> allowed
        = forbids ? withoutForbidden(wanted, settings.forbiddenPrecisions) : wanted;
    if (forbids && allowed.empty()) {
        d.useConfigOrder = false;
        d.skipStep = input.hasNextStep;
        d.reason = "every precision of this step is forbidden by forbidden_precisions"
            + std::string(input.hasNextStep ? ": degrading to the next precision" : "");
        return d;
    }

    struct Candidate {
        const openrouter::EndpointInfo *info;
        EndpointKey key;
    };
    std::vector<Candidate> usable;
    std::vector<Candidate> cooling;
    std::vector<Candidate> probes;
    std::set<std::string> seenTags;
    for (const openrouter::EndpointInfo &info : input.endpoints) {
        const std::string slug = info.providerSlug();
        if (slug.empty() || !precisionAllowed(allowed, info.quantization)
            || precisionForbidden(settings.forbiddenPrecisions, info.quantization))
            continue;
        if (std::ranges::find(input.excludedProviders, slug) != input.excludedProviders.end())
            continue;
        const std::string tag = info.tag.empty() ? slug : info.tag;
        if (!seenTags.insert(tag).second)
            continue;
        Candidate c{
            &info,
            EndpointKey{input.model, slug, openrouter::normalizeQuantization(info.quantization)}};
        if (m_estimates->probeAvailable(c.key))
            probes.push_back(c);
        else if (m_estimates->coolingDown(c.key))
            cooling.push_back(c);
        else
            usable.push_back(c);
    }
    if (usable.empty() && probes.empty()) {
        if (!cooling.empty() && input.hasNextStep && !widen) {
            d.useConfigOrder = false;
            d.skipStep = true;
            d.reason = "every endpoint at this precision is cooling down after failures: "
                       "degrading to the next precision";
            return d;
        }
        if (cooling.empty()) {
            d.reason = "no endpoint of " + input.model
                + " serves the requested precision: the config's order";
            return d;
        }
        // Nothing better is left: try the cooling ones anyway rather than fail.
        usable = std::move(cooling);
        cooling.clear();
    }

    const std::vector<QualityCounts> quality = m_estimates->qualityCounts(input.model);
    std::vector<EndpointOutlook> outlooks;
    std::map<std::string, double> samplesByTag;
    for (const Candidate &c : usable) {
        const auto est = m_estimates->estimate(c.key);
        EndpointOutlook o;
        o.tag = c.info->tag.empty() ? c.key.providerSlug : c.info->tag;
        o.quantization = c.key.quantization;
        o.ttftMs = est ? est->ttftMs : 1000.0;
        o.decodeTokensPerSecond = est ? est->decodeTokensPerSecond : 50.0;
        o.failureProbability = est ? est->failureProbability : 0.05;
        o.midStreamFailureProbability = est ? est->midStreamFailureProbability : 0.0;
        o.failureLatencyMs = est ? est->failureLatencyMs : o.ttftMs;
        const double ratio = est ? est->priceRatio : 1.0;
        o.promptPricePerToken = c.info->pricing.prompt * ratio;
        o.completionPricePerToken = c.info->pricing.completion * ratio;
        samplesByTag[o.tag] = est ? est->samples : 0.0;
        if (const auto q = std::ranges::find(quality, c.key, &QualityCounts::key);
            q != quality.end()) {
            const QualityVerdict verdict = judgeQuality(*q, quality);
            o.writesWorse = verdict.writesWorse;
            o.findingsPer10k = verdict.findingsPer10k;
            o.peerFindingsPer10k = verdict.peerFindingsPer10k;
        }
        outlooks.push_back(std::move(o));
    }
    const std::vector<RankedEndpoint> ranked = rankEndpoints(
        outlooks, settings.objective, input.promptTokens, input.maxTokens, settings.minThroughput);

    d.useConfigOrder = false;
    if (widen || allowed != input.quantizations)
        d.quantizations = allowed;
    for (const RankedEndpoint &r : ranked)
        d.order.push_back(r.outlook.tag);
    for (const Candidate &c : cooling)
        d.ignore.push_back(c.info->tag.empty() ? c.key.providerSlug : c.info->tag);

    std::string lead;
    for (const Candidate &c : probes) {
        if (m_estimates->claimProbe(c.key)) {
            const std::string tag = c.info->tag.empty() ? c.key.providerSlug : c.info->tag;
            d.order.insert(d.order.begin(), tag);
            d.probe = true;
            lead = "probing " + tag + " after its cooldown; ";
            break;
        }
    }
    if (!d.probe && ranked.size() > 1 && settings.explorationShare > 0) {
        bool explore = false;
        {
            std::lock_guard lock(m_mutex);
            explore = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng)
                < std::min(settings.explorationShare, 0.5);
        }
        if (explore) {
            const RankedEndpoint *pick = nullptr;
            double fewest = kUnderSampled;
            for (std::size_t i = 1; i < ranked.size(); ++i) {
                const RankedEndpoint &r = ranked[i];
                // What its texts showed is already known well enough.
                if (r.outlook.writesWorse)
                    continue;
                // Exploring for a cheaper objective never tries a dearer endpoint.
                if (settings.objective == RoutingObjective::Cost
                    && r.expectedUsd > ranked.front().expectedUsd)
                    continue;
                const double samples = samplesByTag[r.outlook.tag];
                // Only endpoints that could plausibly beat the best are worth a request: even
                // at the optimistic end of what is known about them.
                if (settings.objective != RoutingObjective::Cost
                    && optimisticTimeMs(r.outlook, samples, input.maxTokens)
                        >= ranked.front().expectedMs)
                    continue;
                if (samples < fewest) {
                    fewest = samples;
                    pick = &r;
                }
            }
            if (pick) {
                std::erase(d.order, pick->outlook.tag);
                d.order.insert(d.order.begin(), pick->outlook.tag);
                d.explored = true;
                char buffer[96];
                std::snprintf(buffer, sizeof buffer, "exploring %s (%.1f recent samples); ",
                              pick->outlook.tag.c_str(), fewest);
                lead = buffer;
            }
        }
    }
    const char *objective = settings.objective == RoutingObjective::Speed ? "fastest expected"
        : settings.objective == RoutingObjective::Cost                    ? "cheapest expected"
                                                                          : "best balance";
    d.reason = lead + objective + ": " + describe(ranked.front(), settings.objective);
    if (ranked.size() > 1)
        d.reason += "; next " + describe(ranked[1], settings.objective);
    for (const RankedEndpoint &r : ranked) {
        if (r.outlook.writesWorse)
            d.reason += "; " + describeQuality(r.outlook);
    }
    if (!d.ignore.empty()) {
        d.reason += "; cooling down:";
        for (const std::string &tag : d.ignore)
            d.reason += " " + tag;
    }
    m_estimates->countRequest(input.model);
    {
        std::lock_guard lock(m_mutex);
        m_log.push_back(DecisionLogEntry{m_estimates->clock().now(), input.model, d});
        while (m_log.size() > kDecisionLogSize)
            m_log.pop_front();
    }
    return d;
}

void AdaptiveStrategy::observe(const AttemptRecord &attempt,
                               const std::vector<openrouter::EndpointInfo> &endpoints)
{
    if (!attempt.internalAttempts.empty()) {
        std::lock_guard lock(m_mutex);
        for (const InternalAttempt &ia : attempt.internalAttempts) {
            m_fallbacks.push_back(
                FallbackLogEntry{m_estimates->clock().now(),
                                 attempt.servedModel.empty() ? attempt.model : attempt.servedModel,
                                 ia, attempt.providerSlug});
        }
        while (m_fallbacks.size() > kDecisionLogSize)
            m_fallbacks.pop_front();
    }
    for (const EndpointObservation &o :
         observationsFrom(attempt, endpoints, m_estimates->clock().now()))
        m_estimates->observe(o);
}

void AdaptiveStrategy::observeQuality(const QualityObservation &q)
{
    if (q.model.empty() || q.provider.empty() || q.outputTokens <= 0)
        return;
    const auto slash = q.provider.find('/');
    std::string quantization = q.quantization.empty()
        ? tagPrecision(q.provider, {})
        : openrouter::normalizeQuantization(q.quantization);
    if (quantization.empty())
        quantization = "unknown";
    const EndpointKey key{q.model, q.provider.substr(0, slash), quantization};
    m_estimates->observeQuality(key, q.at.value_or(m_estimates->clock().now()),
                                static_cast<double>(q.outputTokens), std::max(0, q.findings),
                                std::max(0, q.majorFindings));
}

std::vector<DecisionLogEntry> AdaptiveStrategy::recentDecisions() const
{
    std::lock_guard lock(m_mutex);
    return {m_log.begin(), m_log.end()};
}

std::vector<FallbackLogEntry> AdaptiveStrategy::recentFallbacks() const
{
    std::lock_guard lock(m_mutex);
    return {m_fallbacks.begin(), m_fallbacks.end()};
}

StrategySettings strategySettingsFor(const RoutingConfig &config)
{
    StrategySettings settings = config.routing;
    if (!settings.minThroughput) {
        const openrouter::ProviderPreferences prefs = config.preferencesFor(config.defaultModel);
        if (prefs.preferredMinThroughput && prefs.preferredMinThroughput->p50)
            settings.minThroughput = prefs.preferredMinThroughput->p50;
    }
    return settings;
}

std::shared_ptr<RoutingStrategy> makeRoutingStrategy(const RoutingConfig &config,
                                                     std::shared_ptr<EndpointEstimates> estimates)
{
    if (config.routing.strategy == StrategyKind::Static)
        return nullptr;
    if (!estimates)
        estimates = std::make_shared<EndpointEstimates>(Clock::real(), strategySettingsFor(config));
    return std::make_shared<AdaptiveStrategy>(std::move(estimates));
}

} // namespace scriptorium::routing
