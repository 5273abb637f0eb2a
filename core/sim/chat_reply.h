#pragma once

// Internal to core/sim: one served completion and how its bytes go out.

#include "sim/chat_request.h"
#include "sim/router.h"
#include "sim/sim_state.h"

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class DataSink;
} // namespace httplib

namespace scriptorium::sim {

using nlohmann::json;
using TimePoint = Clock::TimePoint;

/// One attempt as planned before any byte is sent.
struct Attempt {
    Candidate candidate;
    std::string fault; ///< "" = none, else a behaviour action or a random fault
    json params = json::object();
    EventEffects effects; ///< the market events in force when the attempt started
    double ttftSimMs = 0;
    double tps = 1;
    TimePoint start;
    TimePoint end; ///< for attempts that fail before the first token
    int status = 200;
};

/// The served attempt and its whole reply, shared with the content provider.
struct Session {
    SimState *state = nullptr;
    std::string key;
    std::string generationId;
    std::int64_t created = 0;
    ChatRequest request;
    Attempt attempt;
    std::size_t attemptIndex = 0;
    std::vector<json> previousErrors; ///< error.metadata.previous_errors entries
    std::vector<json> providerResponses; ///< /generation entries of the failed attempts
    std::vector<std::string> tokens;
    std::string finishReason = "stop";
    /// The market "quality" defects the reply carries (names, in injection order); truth
    /// "defects".
    std::vector<std::string> defects;
    std::size_t faultAfter = 0; ///< tokens sent before a mid-stream fault
    TimePoint tRequest;
    TimePoint firstTokenAt;
    Clock::Duration interval{};
    std::uint64_t epoch = 0;
    // Measured while serving:
    double tFirstByte = -1, tFirstToken = -1, tLastToken = -1;
    std::size_t sent = 0;
    std::string outcome = "ok";
    bool cancelled = false;
    bool recorded = false; ///< truth written: before the last bytes, so clients see it at once
    std::vector<double> lateness;

    const Endpoint &endpoint() const { return *attempt.candidate.endpoint; }
    const std::string &modelId() const { return attempt.candidate.model->id; }
    /// Billed at the catalog price × the price factor in force when the attempt started.
    double promptCost() const
    {
        return static_cast<double>(request.promptTokens) * endpoint().promptPerToken
            * attempt.effects.priceFactor;
    }
    double completionCost() const
    {
        return static_cast<double>(sent) * endpoint().completionPerToken
            * attempt.effects.priceFactor;
    }
    double now() const { return state->msSinceStart(state->clock.now()); }
};

/// The upstream provider's response id for a generation ("up-…"); a failed attempt's carries
/// its index.
std::string upstreamId(const std::string &generationId,
                       std::optional<std::size_t> attempt = std::nullopt);

/// The truth record of attempt `a` (the served one or a failed one) of session `s`.
json attemptRecord(const Session &s, const Attempt &a, std::size_t index,
                   const std::string &outcome, int status);

/// Records the served attempt's truth, spending and /generation record (once).
void finish(Session &s);

/// Plays an SSE reply on its schedule; the content provider's result (false = drop the
/// connection).
bool serveStream(Session &s, httplib::DataSink &sink);

/// Plays a non-streaming reply; blank lines while waiting when `whitespace`.
bool serveNonStream(Session &s, httplib::DataSink &sink, bool whitespace);

} // namespace scriptorium::sim
