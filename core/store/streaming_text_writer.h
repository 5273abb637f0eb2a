#pragma once

#include "util/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace scriptorium::store {

/// Persists a generation's streamed text as it arrives, at most `flushInterval` behind: a
/// process killed mid-generation keeps everything received up to the last flush.
///
/// Threads: the writer owns one thread with its own Database connection on the library file
/// (one connection per thread). append() may be called from any thread (typically the network
/// thread) and never touches the disk. The owner stops it in order with finish() (request
/// stop, wake, join, final flush); the destructor calls finish().
class StreamingTextWriter {
public:
    struct Options {
        std::chrono::milliseconds flushInterval{250};
        int busyTimeoutMs = 5000;
    };

    /// Opens the library and starts the writer thread for generation `generationId`, whose
    /// output is appended to (not replaced). Errors: those of Database::open, NotFound when
    /// the generation does not exist.
    static Result<std::unique_ptr<StreamingTextWriter>>
    start(const std::filesystem::path &library, std::int64_t generationId, Options options);
    static Result<std::unique_ptr<StreamingTextWriter>> start(const std::filesystem::path &library,
                                                              std::int64_t generationId)
    {
        return start(library, generationId, Options{});
    }

    ~StreamingTextWriter();
    StreamingTextWriter(const StreamingTextWriter &) = delete;
    StreamingTextWriter &operator=(const StreamingTextWriter &) = delete;

    /// Queues text for the next flush. Thread-safe, cheap.
    void append(std::string_view text);
    /// Bytes known to be committed to the library.
    std::size_t persistedBytes() const;
    /// Flushes what is queued, stops and joins the thread. Returns the first write error (a
    /// failed flush keeps its text queued and is retried on the next tick). Idempotent.
    Status finish();

private:
    struct State;
    explicit StreamingTextWriter(std::unique_ptr<State> state);
    void run();

    std::unique_ptr<State> m_state;
    std::thread m_thread;
};

} // namespace scriptorium::store
