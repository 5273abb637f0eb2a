#pragma once

#include "routing/router.h"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::novel {

class SharedDatabase;

/// One pipeline step to run as a generation ("draft", "summary", …), with what it belongs to.
struct GenerationTask {
    std::string stage; ///< recorded with the generation and sent as GenerationRequest::stage
    std::optional<std::int64_t> bookId;
    std::optional<std::int64_t> chapterId;
    /// The batch this step belongs to: its cost is added to the batch's total in the same
    /// transaction that records it, and its reservations are written under the batch.
    std::optional<std::int64_t> batchId;
    routing::GenerationRequest request;
    /// Called with each content delta (on the network thread; keep it cheap).
    std::function<void(std::string_view delta)> onDelta;
};

/// A finished step: the Router's result and the id of the stored generation row, if any.
struct GenerationOutcome {
    routing::GenerationResult result;
    std::optional<std::int64_t> recordId;
    /// The cost is in the task's batch total already (recorded with the generation).
    bool costBooked = false;
    /// Why the library could not record it (the text and result are still here).
    std::optional<Error> recordError;
};

/// Runs pipeline steps. The pipeline talks to this interface, not to the Router, so tests can
/// script replies (malformed JSON, short drafts) without a network.
class TextGenerator {
public:
    virtual ~TextGenerator() = default;
    /// Runs one generation to its end, blocking the calling thread. Never throws; failures are
    /// in `result.error` (ErrorCode::Budget when the spending cap refused the attempt).
    /// Thread-safe: batch workers call it concurrently.
    virtual GenerationOutcome generate(GenerationTask task) = 0;
    /// Cancels every generation in flight, from any thread; their generate() calls return
    /// with ErrorCode::Cancelled.
    virtual void cancelAll() = 0;
};

/// The real TextGenerator: runs each step through a Router and records it in the library
/// (a generations row with its attempts, DESIGN "What a request is"). The generations row is
/// inserted as Running before the first byte is sent, so a crash leaves a trace. The request
/// is sent with the task's stage (GenerationRequest::stage: the config's stage policy).
/// Borrows the Router and the SharedDatabase (may be null: nothing is recorded).
class RouterTextGenerator final : public TextGenerator {
public:
    RouterTextGenerator(routing::Router &router, SharedDatabase *db);

    /// The catalog's endpoints of a model, attached to every request for that model (budget
    /// worst case, quantization inference, degradation before asking).
    void setEndpoints(const std::string &model, openrouter::ModelEndpoints endpoints);
    /// The fallback models' endpoints, attached to every request (the budget prices them).
    void setFallbackEndpoints(std::vector<openrouter::ModelEndpoints> endpoints);

    GenerationOutcome generate(GenerationTask task) override;
    void cancelAll() override;

private:
    routing::Router &m_router;
    SharedDatabase *m_db;
    std::mutex m_mutex;
    std::map<std::string, openrouter::ModelEndpoints> m_endpoints;
    std::vector<openrouter::ModelEndpoints> m_fallbackEndpoints;
    std::set<routing::Router::GenerationId> m_running;
    bool m_cancelled = false;
};

} // namespace scriptorium::novel
