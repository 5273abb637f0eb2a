#pragma once

#include "util/error.h"
#include "util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::store {

class Database;

enum class GenerationStatus { Running, Succeeded, Failed, Cancelled };
std::string_view generationStatusName(GenerationStatus status);

/// Where a cost figure came from (DESIGN.md "Measurements").
enum class CostSource { Usage, Generation, Estimate };
std::string_view costSourceName(CostSource source);
std::optional<CostSource> costSourceFromName(std::string_view name);

/// One user-visible job ("draft chapter 7") and its outcome.
struct GenerationRecord {
    std::int64_t id = 0;
    std::optional<std::int64_t> bookId{};
    std::optional<std::int64_t> chapterId{};
    std::string stage{}; ///< "draft", "summary", "state", …
    std::string model{};
    GenerationStatus status = GenerationStatus::Running;
    std::string provider{}; ///< final provider display name
    std::string providerSlug{}; ///< final provider routing slug
    std::string precision{}; ///< final served precision ("fp8", …)
    bool precisionExact = false;
    bool degraded = false;
    std::optional<std::int64_t> promptTokens{};
    std::optional<std::int64_t> completionTokens{};
    std::optional<double> costUsd{};
    std::optional<CostSource> costSource{};
    std::optional<ErrorCode> errorClass{};
    std::optional<double> ttftMs{};
    std::optional<double> decodeTps{};
    std::optional<double> e2eTps{};
    std::int64_t startedAt = 0; ///< Unix ms
    std::optional<std::int64_t> finishedAt{};
    std::string output{}; ///< the text received so far / final text
};

/// One HTTP request made for a generation, with everything the routing core measured.
struct AttemptRecord {
    std::int64_t id = 0;
    std::int64_t generationId = 0;
    int index = 0;
    std::string model{};
    std::string provider{}; ///< display name as OpenRouter reports it
    std::string providerSlug{}; ///< routing slug
    std::string endpointTag{}; ///< e.g. "deepinfra/fp8"
    std::string quantization{}; ///< served precision; empty when unknown
    bool quantizationExact = false;
    std::string providerPreferences = "{}"; ///< the `provider` object sent, as JSON
    std::optional<int> httpStatus{};
    std::optional<ErrorCode> errorClass{}; ///< nullopt: success; Cancelled: user cancel
    std::int64_t t0Ms = 0; ///< wall time of t0 (Unix ms)
    std::optional<double> ttfbMs{};
    std::optional<double> ttftMs{};
    std::optional<double> decodeTps{};
    std::optional<double> e2eTps{};
    std::optional<std::int64_t> promptTokens{};
    std::optional<std::int64_t> completionTokens{};
    std::optional<double> costUsd{};
    std::optional<CostSource> costSource{};
    bool fallback = false; ///< served by a fallback (model or provider) rather than first choice
    bool degraded = false; ///< served at a fallback precision
    std::string finishReason{};
    std::string routingStrategy = "static"; ///< "static", "adaptive", …
    std::string routingReason{}; ///< why this order, in one line
    /// OpenRouter's failed tries inside the request, as JSON:
    /// [{"provider","endpoint","status","latency_ms"}].
    std::string internalAttempts = "[]";
};

/// Generations and attempts. recordAttempt() also maintains the hourly rollups the dashboard
/// reads, in the same transaction. Borrows the Database (same thread).
class GenerationStore {
public:
    explicit GenerationStore(Database &db)
        : m_db(db)
    {
    }

    /// Inserts a generation (status as given, normally Running); returns its id.
    Result<std::int64_t> start(const GenerationRecord &generation);
    /// Writes every field of an existing generation (by id) but its output.
    Status finish(const GenerationRecord &generation);
    Result<GenerationRecord> get(std::int64_t id);
    Result<std::vector<GenerationRecord>> listForChapter(std::int64_t chapterId);
    /// Replaces / extends the generation's received text (used by StreamingTextWriter).
    Status setOutput(std::int64_t generationId, std::string_view text);
    Status appendOutput(std::int64_t generationId, std::string_view text);

    /// Inserts a finished attempt and adds it to the rollups; returns its id.
    Result<std::int64_t> recordAttempt(const AttemptRecord &attempt);
    /// Same, for a caller already inside a transaction (bulk loads).
    Result<std::int64_t> recordAttemptInTransaction(const AttemptRecord &attempt);
    Result<std::vector<AttemptRecord>> attempts(std::int64_t generationId);
    /// Replaces an attempt's cost after reconciliation with /generation; rollups follow.
    Status reconcileAttemptCost(std::int64_t attemptId, double costUsd, CostSource source);

private:
    Database &m_db;
};

} // namespace scriptorium::store
