#pragma once

#include "sim/market.h"
#include "util/result.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// One scripted fault (docs/simulator.md "Scripting faults").
struct Behaviour {
    nlohmann::json match; ///< {model?, provider? (slug or name), tag?, quantization?}
    std::string action; ///< http_error, mid_stream_error, stall, abrupt_close, …
    nlohmann::json params; ///< the whole behaviour object, for action parameters
    std::int64_t remaining = 1; ///< attempts left; < 0 = unlimited
};

/// The queue of scripted behaviours. Thread-safe. The first queued behaviour whose `match`
/// fits an attempt is consumed by it.
class BehaviourScript {
public:
    /// Queues `{"behaviours":[…]}` (or a single behaviour object, or an array).
    /// Errors: ErrorCode::InvalidArgument for an unknown action or a malformed entry; nothing
    /// is queued then.
    Status add(const nlohmann::json &script);

    /// Takes the behaviour for an attempt of `modelId` at `endpoint`, if one matches.
    std::optional<Behaviour> take(const std::string &modelId, const Endpoint &endpoint);

    void clear();

private:
    std::mutex m_mutex;
    std::deque<Behaviour> m_queue;
};

} // namespace scriptorium::sim
