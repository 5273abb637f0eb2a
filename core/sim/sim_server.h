#pragma once

#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

/// How to run a simulator.
struct SimOptions {
    std::string market = "default"; ///< a compiled-in profile name, or a file path
    double timeScale = 1.0; ///< every simulated delay is multiplied by this
    std::uint64_t seed = 1;
    std::string truthLogPath; ///< one JSON line per attempt when not empty
    int port = 0; ///< 0 picks a free port
};

struct SimState;

/// A local OpenRouter on 127.0.0.1 (docs/simulator.md). Owns its HTTP server and worker
/// threads; start() returns once the port accepts connections, stop() (and the destructor)
/// interrupts every waiting stream and joins all threads. All methods are thread-safe.
/// Note: start() ignores SIGPIPE process-wide, so a client hanging up cannot kill the process.
class SimServer {
public:
    explicit SimServer(SimOptions options);
    ~SimServer();
    SimServer(const SimServer &) = delete;
    SimServer &operator=(const SimServer &) = delete;

    /// Loads the market and binds the port. Errors: the market's (Parse, Config, NotFound),
    /// ErrorCode::Io when the port cannot be bound, ErrorCode::Conflict when already started.
    Status start();
    void stop();
    int port() const;
    std::string baseUrl() const; ///< "http://127.0.0.1:<port>/api/v1"

    /// Every attempt served so far (same records as GET /_sim/truth).
    std::vector<nlohmann::json> truth() const;
    /// Queues scripted behaviours (same as POST /_sim/script). Errors: InvalidArgument.
    Status script(const nlohmann::json &behaviours);
    /// Clears truth, scripts, generations, spending and the request counters, restarts the
    /// simulated clock (market events count from here); interrupts streams still waiting
    /// (same as POST /_sim/reset).
    void reset();

private:
    SimOptions m_options;
    std::unique_ptr<SimState> m_state;
};

} // namespace scriptorium::sim
