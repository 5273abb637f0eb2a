#include "store/generation_store.h"

#include "store/database.h"
#include "store/log_histogram.h"
#include "store/rollup_key.h"

#include <array>

#include <unistd.h>

namespace scriptorium::store {

namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"running", "succeeded", "failed",
                                                       "cancelled"};
constexpr std::array<std::string_view, 3> kCostNames{"usage", "generation", "estimate"};

std::optional<std::string_view> costName(const std::optional<CostSource> &source)
{
    return source ? std::optional(costSourceName(*source)) : std::nullopt;
}

std::optional<std::string_view> errorName(const std::optional<ErrorCode> &code)
{
    return code ? std::optional(errorCodeName(*code)) : std::nullopt;
}

std::optional<ErrorCode> errorFromColumn(const Statement &s, int column)
{
    ErrorCode code{};
    if (s.isNull(column) || !errorCodeFromName(s.text(column), code))
        return std::nullopt;
    return code;
}

constexpr std::string_view kGenerationColumns
    = "id, book_id, chapter_id, stage, model, status, provider, provider_slug, precision, "
      "precision_exact, degraded, prompt_tokens, completion_tokens, cost_usd, cost_source, "
      "error_class, ttft_ms, decode_tps, e2e_tps, started_at, finished_at, output";

GenerationRecord readGeneration(const Statement &s)
{
    GenerationRecord g;
    g.id = s.int64(0);
    g.bookId = s.optInt64(1);
    g.chapterId = s.optInt64(2);
    g.stage = s.text(3);
    g.model = s.text(4);
    const std::string status = s.text(5);
    for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == status)
            g.status = static_cast<GenerationStatus>(i);
    }
    g.provider = s.text(6);
    g.providerSlug = s.text(7);
    g.precision = s.text(8);
    g.precisionExact = s.int64(9) != 0;
    g.degraded = s.int64(10) != 0;
    g.promptTokens = s.optInt64(11);
    g.completionTokens = s.optInt64(12);
    g.costUsd = s.optReal(13);
    g.costSource = costSourceFromName(s.text(14));
    g.errorClass = errorFromColumn(s, 15);
    g.ttftMs = s.optReal(16);
    g.decodeTps = s.optReal(17);
    g.e2eTps = s.optReal(18);
    g.startedAt = s.int64(19);
    g.finishedAt = s.optInt64(20);
    g.output = s.text(21);
    return g;
}

} // namespace

std::string_view generationStatusName(GenerationStatus status)
{
    return kStatusNames[static_cast<std::size_t>(status)];
}

std::string_view costSourceName(CostSource source)
{
    return kCostNames[static_cast<std::size_t>(source)];
}

std::optional<CostSource> costSourceFromName(std::string_view name)
{
    for (std::size_t i = 0; i < kCostNames.size(); ++i) {
        if (kCostNames[i] == name)
            return static_cast<CostSource>(i);
    }
    return std::nullopt;
}

Result<std::int64_t> GenerationStore::start(const GenerationRecord &g)
{
    // owner_pid: a later start tells a generation whose process died (swept as interrupted)
    // from one another process is still running.
    auto stmt = m_db.prepare("INSERT INTO generations (book_id, chapter_id, stage, model, status, "
                             "started_at, output, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, g.bookId)
        .bind(2, g.chapterId)
        .bind(3, g.stage)
        .bind(4, g.model)
        .bind(5, generationStatusName(g.status))
        .bind(6, g.startedAt ? g.startedAt : nowMs())
        .bind(7, g.output)
        .bind(8, static_cast<std::int64_t>(::getpid()));
    if (auto s = stmt->run(); !s)
        return fail(s.error());
    return m_db.lastInsertId();
}

Status GenerationStore::finish(const GenerationRecord &g)
{
    auto stmt = m_db.prepare(
        "UPDATE generations SET book_id = ?, chapter_id = ?, stage = ?, model = ?, status = ?, "
        "provider = ?, provider_slug = ?, precision = ?, precision_exact = ?, degraded = ?, "
        "prompt_tokens = ?, completion_tokens = ?, cost_usd = ?, cost_source = ?, "
        "error_class = ?, ttft_ms = ?, decode_tps = ?, e2e_tps = ?, finished_at = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, g.bookId)
        .bind(2, g.chapterId)
        .bind(3, g.stage)
        .bind(4, g.model)
        .bind(5, generationStatusName(g.status))
        .bind(6, g.provider)
        .bind(7, g.providerSlug)
        .bind(8, g.precision)
        .bind(9, g.precisionExact ? 1 : 0)
        .bind(10, g.degraded ? 1 : 0)
        .bind(11, g.promptTokens)
        .bind(12, g.completionTokens)
        .bind(13, g.costUsd)
        .bind(14, costName(g.costSource))
        .bind(15, errorName(g.errorClass))
        .bind(16, g.ttftMs)
        .bind(17, g.decodeTps)
        .bind(18, g.e2eTps)
        .bind(19, g.finishedAt.value_or(nowMs()))
        .bind(20, g.id);
    if (auto s = stmt->run(); !s)
        return s;
    if (m_db.changes() == 0)
        return fail(ErrorCode::NotFound, "there is no generation " + std::to_string(g.id));
    // A generation given another book took its attempts' hours out of both books' rollups
    // (a trigger marked them); rebuild them now rather than at the next open.
    return repairBookRollups(m_db);
}

Result<GenerationRecord> GenerationStore::get(std::int64_t id)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kGenerationColumns)
                             + " FROM generations WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return fail(row.error());
    if (!*row)
        return fail(ErrorCode::NotFound, "there is no generation " + std::to_string(id));
    return readGeneration(*stmt);
}

Result<std::vector<GenerationRecord>> GenerationStore::listForChapter(std::int64_t chapterId)
{
    auto stmt = m_db.prepare("SELECT " + std::string(kGenerationColumns)
                             + " FROM generations WHERE chapter_id = ? ORDER BY id");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId);
    std::vector<GenerationRecord> out;
    if (auto s
        = stmt->forEachRow([&](const Statement &row) { out.push_back(readGeneration(row)); });
        !s) {
        return fail(s.error());
    }
    return out;
}

Status GenerationStore::setOutput(std::int64_t generationId, std::string_view text)
{
    auto stmt = m_db.prepare("UPDATE generations SET output = ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, text).bind(2, generationId);
    return stmt->run();
}

Status GenerationStore::appendOutput(std::int64_t generationId, std::string_view text)
{
    auto stmt = m_db.prepare("UPDATE generations SET output = output || ? WHERE id = ?");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, text).bind(2, generationId);
    return stmt->run();
}

Result<std::int64_t> GenerationStore::recordAttempt(const AttemptRecord &a)
{
    return inTransaction(m_db, [&] { return recordAttemptInTransaction(a); });
}

Result<std::int64_t> GenerationStore::recordAttemptInTransaction(const AttemptRecord &a)
{
    auto insert = m_db.prepare(
        "INSERT INTO attempts (generation_id, attempt_index, model, provider, provider_slug, "
        "endpoint_tag, quantization, quantization_exact, provider_preferences, http_status, "
        "error_class, t0_ms, ttfb_ms, ttft_ms, decode_tps, e2e_tps, prompt_tokens, "
        "completion_tokens, cost_usd, cost_source, fallback, degraded, finish_reason, "
        "routing_strategy, routing_reason, internal_attempts) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return fail(insert.error());
    insert->bind(1, a.generationId)
        .bind(2, a.index)
        .bind(3, a.model)
        .bind(4, a.provider)
        .bind(5, a.providerSlug)
        .bind(6, a.endpointTag)
        .bind(7, a.quantization)
        .bind(8, a.quantizationExact ? 1 : 0)
        .bind(9, a.providerPreferences)
        .bind(10, a.httpStatus)
        .bind(11, errorName(a.errorClass))
        .bind(12, a.t0Ms)
        .bind(13, a.ttfbMs)
        .bind(14, a.ttftMs)
        .bind(15, a.decodeTps)
        .bind(16, a.e2eTps)
        .bind(17, a.promptTokens)
        .bind(18, a.completionTokens)
        .bind(19, a.costUsd)
        .bind(20, costName(a.costSource))
        .bind(21, a.fallback ? 1 : 0)
        .bind(22, a.degraded ? 1 : 0)
        .bind(23, a.finishReason)
        .bind(24, a.routingStrategy)
        .bind(25, a.routingReason)
        .bind(26, a.internalAttempts);
    if (auto s = insert->run(); !s)
        return fail(s.error());
    const std::int64_t id = m_db.lastInsertId();
    if (auto s = addToRollups(m_db, a); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<AttemptRecord>> GenerationStore::attempts(std::int64_t generationId)
{
    auto stmt = m_db.prepare(
        "SELECT id, generation_id, attempt_index, model, provider, provider_slug, endpoint_tag, "
        "quantization, quantization_exact, provider_preferences, http_status, error_class, "
        "t0_ms, ttfb_ms, ttft_ms, decode_tps, e2e_tps, prompt_tokens, completion_tokens, "
        "cost_usd, cost_source, fallback, degraded, finish_reason, routing_strategy, "
        "routing_reason, internal_attempts FROM attempts "
        "WHERE generation_id = ? ORDER BY attempt_index");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, generationId);
    std::vector<AttemptRecord> out;
    if (auto s = stmt->forEachRow([&](const Statement &row) {
            AttemptRecord a;
            a.id = row.int64(0);
            a.generationId = row.int64(1);
            a.index = static_cast<int>(row.int64(2));
            a.model = row.text(3);
            a.provider = row.text(4);
            a.providerSlug = row.text(5);
            a.endpointTag = row.text(6);
            a.quantization = row.text(7);
            a.quantizationExact = row.int64(8) != 0;
            a.providerPreferences = row.text(9);
            if (auto status = row.optInt64(10))
                a.httpStatus = static_cast<int>(*status);
            a.errorClass = errorFromColumn(row, 11);
            a.t0Ms = row.int64(12);
            a.ttfbMs = row.optReal(13);
            a.ttftMs = row.optReal(14);
            a.decodeTps = row.optReal(15);
            a.e2eTps = row.optReal(16);
            a.promptTokens = row.optInt64(17);
            a.completionTokens = row.optInt64(18);
            a.costUsd = row.optReal(19);
            a.costSource = costSourceFromName(row.text(20));
            a.fallback = row.int64(21) != 0;
            a.degraded = row.int64(22) != 0;
            a.finishReason = row.text(23);
            a.routingStrategy = row.text(24);
            a.routingReason = row.text(25);
            a.internalAttempts = row.text(26);
            out.push_back(std::move(a));
        });
        !s) {
        return fail(s.error());
    }
    return out;
}

Status GenerationStore::reconcileAttemptCost(std::int64_t attemptId, double costUsd,
                                             CostSource source)
{
    return inTransaction(m_db, [&]() -> Status {
        auto stmt = m_db.prepare("SELECT generation_id, attempt_index FROM attempts WHERE id = ?");
        if (!stmt)
            return fail(stmt.error());
        stmt->bind(1, attemptId);
        auto row = stmt->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return fail(ErrorCode::NotFound, "there is no attempt " + std::to_string(attemptId));
        const std::int64_t generationId = stmt->int64(0);
        auto all = attempts(generationId);
        if (!all)
            return fail(all.error());
        for (const AttemptRecord &old : *all) {
            if (old.id != attemptId)
                continue;
            if (auto s = adjustRollupCost(m_db, old, costUsd); !s)
                return s;
        }
        auto update
            = m_db.prepare("UPDATE attempts SET cost_usd = ?, cost_source = ? WHERE id = ?");
        if (!update)
            return fail(update.error());
        update->bind(1, costUsd).bind(2, costSourceName(source)).bind(3, attemptId);
        return update->run();
    });
}

} // namespace scriptorium::store
