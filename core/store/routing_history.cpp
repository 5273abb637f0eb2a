#include "store/routing_history.h"

#include "routing/adaptive_strategy.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

namespace scriptorium::store {

namespace {

std::vector<std::string> orderFrom(const std::string &preferences)
{
    const nlohmann::json doc = nlohmann::json::parse(preferences, nullptr, false);
    std::vector<std::string> order;
    if (!doc.is_object())
        return order;
    if (auto it = doc.find("order"); it != doc.end() && it->is_array()) {
        for (const nlohmann::json &entry : *it) {
            if (entry.is_string())
                order.push_back(entry.get<std::string>());
        }
    }
    return order;
}

std::vector<routing::InternalAttempt> internalFrom(const std::string &text)
{
    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    std::vector<routing::InternalAttempt> out;
    if (!doc.is_array())
        return out;
    for (const nlohmann::json &e : doc) {
        if (!e.is_object())
            continue;
        routing::InternalAttempt ia;
        ia.providerName = e.value("provider", std::string());
        ia.endpointTag = e.value("endpoint", std::string());
        ia.status = e.value("status", 0);
        if (auto it = e.find("latency_ms"); it != e.end() && it->is_number())
            ia.latencyMs = it->get<double>();
        out.push_back(std::move(ia));
    }
    return out;
}

/// The first Unix ms of a window of `days` days ending at `nowMs`.
std::int64_t windowStartMs(std::int64_t nowMs, int days)
{
    return nowMs - static_cast<std::int64_t>(days) * 24 * 3600 * 1000;
}

/// When something stored at `atMs` happened on the estimates' clock (whose now is `nowMs`).
Clock::TimePoint onClock(const routing::EndpointEstimates &estimates, std::int64_t nowMs,
                         std::int64_t atMs)
{
    const auto age = std::chrono::milliseconds(std::max<std::int64_t>(0, nowMs - atMs));
    return estimates.clock().now() - std::chrono::duration_cast<Clock::Duration>(age);
}

} // namespace

Result<int> primeEstimatesFromHistory(Database &db, routing::EndpointEstimates &estimates, int days,
                                      std::int64_t nowMs, int maxRows)
{
    if (days <= 0)
        return 0;
    auto stmt = db.prepare(
        "SELECT model, provider_slug, quantization, quantization_exact, provider_preferences, "
        "error_class, t0_ms, ttft_ms, decode_tps, completion_tokens, internal_attempts "
        "FROM attempts WHERE t0_ms >= ? AND t0_ms <= ? AND provider_slug != '' "
        "ORDER BY t0_ms DESC LIMIT ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, windowStartMs(nowMs, days))
        .bind(2, nowMs)
        .bind(3, static_cast<std::int64_t>(maxRows));
    int read = 0;
    auto s = stmt->forEachRow([&](const Statement &row) {
        routing::AttemptRecord rec;
        rec.model = row.text(0);
        rec.providerSlug = row.text(1);
        rec.quantization = row.text(2);
        rec.quantizationSource = rec.quantization.empty() ? routing::QuantizationSource::Unknown
            : row.int64(3) != 0                           ? routing::QuantizationSource::Exact
                                                          : routing::QuantizationSource::Inferred;
        rec.preferences.order = orderFrom(row.text(4));
        if (auto name = row.optText(5)) {
            ErrorCode code{};
            if (errorCodeFromName(*name, code))
                rec.errorClass = code;
        }
        rec.ttftMs = row.optReal(7);
        rec.decodeTokensPerSecond = row.optReal(8);
        rec.completionTokens = row.optInt64(9).value_or(0);
        rec.textBytes = rec.completionTokens > 0 ? rec.completionTokens : 0;
        rec.internalAttempts = internalFrom(row.text(10));
        rec.internalAttemptsKnown = !rec.internalAttempts.empty();
        for (const routing::EndpointObservation &o :
             routing::observationsFrom(rec, {}, onClock(estimates, nowMs, row.int64(6))))
            estimates.observe(o);
        ++read;
    });
    if (!s)
        return fail(s.error());
    if (auto q = primeQualityFromHistory(db, estimates, days, nowMs, maxRows); !q)
        return fail(q.error());
    return read;
}

Result<int> primeQualityFromHistory(Database &db, routing::EndpointEstimates &estimates, int days,
                                    std::int64_t nowMs, int maxRows)
{
    if (days <= 0)
        return 0;
    // Bit 1 of quality_checked: the local checks ran (QualityStore::record), so a generation
    // without findings counts as clean text. Intentional findings are the writer's, not the
    // endpoint's; nor is a minor truncation, the token cap's (novel::blamesEndpoint).
    auto stmt = db.prepare(
        "SELECT g.model, g.provider_slug, coalesce(g.precision, ''), g.completion_tokens, "
        "g.started_at, "
        "(SELECT count(*) FROM quality_findings f WHERE f.generation_id = g.id "
        "AND f.source = 'local' AND f.intentional = 0 "
        "AND NOT (f.kind = 'truncation' AND f.severity = 'minor')), "
        "(SELECT count(*) FROM quality_findings f WHERE f.generation_id = g.id "
        "AND f.source = 'local' AND f.intentional = 0 AND f.severity = 'major') "
        "FROM generations g WHERE (g.quality_checked & 1) != 0 AND g.started_at >= ? "
        "AND g.started_at <= ? AND coalesce(g.provider_slug, '') != '' "
        "AND coalesce(g.completion_tokens, 0) > 0 ORDER BY g.started_at DESC LIMIT ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, windowStartMs(nowMs, days))
        .bind(2, nowMs)
        .bind(3, static_cast<std::int64_t>(maxRows));
    int read = 0;
    auto s = stmt->forEachRow([&](const Statement &row) {
        const routing::EndpointKey key{row.text(0), row.text(1),
                                       openrouter::normalizeQuantization(row.text(2))};
        estimates.observeQuality(
            key, onClock(estimates, nowMs, row.int64(4)), static_cast<double>(row.int64(3)),
            static_cast<double>(row.int64(5)), static_cast<double>(row.int64(6)));
        ++read;
    });
    if (!s)
        return fail(s.error());
    return read;
}

} // namespace scriptorium::store
