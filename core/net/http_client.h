#pragma once

#include "net/http_types.h"
#include "util/clock.h"
#include "util/result.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

namespace scriptorium::net {

/// Callbacks of one transfer. All run on the network thread, in this order: onResponse once
/// (when the final header block is complete), onData zero or more times, onComplete exactly
/// once (also after cancel(); onStart is skipped when cancelled before it started). They must be
/// short: the GUI bridge re-posts them to its own thread instead of doing work here.
struct TransferCallbacks {
    /// Called with t0, just before the transfer is handed to curl.
    std::function<void(Clock::TimePoint t0)> onStart;
    std::function<void(long status, const HttpHeaders &headers, Clock::TimePoint firstByte)>
        onResponse;
    /// A slice of the body as it arrived (1 byte to 16 KiB; may cut anywhere).
    std::function<void(std::string_view bytes, Clock::TimePoint at)> onData;
    std::function<void(const TransferResult &result)> onComplete;
};

/// HTTP client with one libcurl multi handle driven by one network thread that the client
/// owns: started in the constructor, stopped in order in the destructor (request stop, wake
/// with curl_multi_wakeup, join). Pending transfers complete with ErrorCode::Cancelled when
/// the client is destroyed.
///
/// Thread-safe: submit(), cancel(), post(), schedule() and cancelTimer() may be called from any
/// thread, including from inside callbacks. Connections are reused through the multi handle's
/// connection cache. TLS verification is always on; plain `http` is accepted only for loopback
/// hosts (127.0.0.0/8, ::1, localhost), and requests to loopback hosts never go through a proxy
/// set in the environment (http_proxy, all_proxy), which would see the Authorization header.
/// libcurl never retries or follows redirects on its own: the Router is the one retry owner.
class HttpClient {
public:
    using TransferId = std::uint64_t;
    using TimerId = std::uint64_t;

    struct Options {
        /// Upper bound on connections kept open for reuse.
        long maxCachedConnections = 64;
        /// Total simultaneous connections (0 = unlimited).
        long maxTotalConnections = 0;
        std::string userAgent = "Scriptorium";
    };

    explicit HttpClient(const Clock &clock = Clock::real());
    HttpClient(Options options, const Clock &clock);
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    /// Checks the URL (scheme, loopback rule) and queues the transfer. Errors:
    /// InvalidArgument for a malformed URL or a non-https URL to a non-loopback host;
    /// Cancelled once the client was shut down.
    Result<TransferId> submit(HttpRequest request, TransferCallbacks callbacks);

    /// Aborts a transfer: the network thread is woken, removes the easy handle and closes its
    /// socket (well within 50 ms), then calls onComplete with ErrorCode::Cancelled. Unknown or
    /// finished ids are ignored.
    void cancel(TransferId id);

    /// Runs `task` on the network thread as soon as possible.
    void post(std::function<void()> task);

    /// Runs `task` on the network thread once `delay` has passed on the client's clock.
    TimerId schedule(Clock::Duration delay, std::function<void()> task);

    /// Cancels a timer that has not fired yet; a no-op otherwise.
    void cancelTimer(TimerId id);

    /// Stops the client from any thread without destroying it: every transfer in flight (and
    /// a blocked fetch()) completes with ErrorCode::Cancelled at once, later submits fail with
    /// Cancelled, pending timers and tasks are dropped, and the network thread ends. For an
    /// owner that must not wait for a server that never answers (a window closing).
    void shutdown();

    /// Wakes the network thread (e.g. after a ManualClock moved, so due timers fire).
    void wake();

    /// Blocking request for small bodies (catalog JSON, /generation). Must not be called on
    /// the network thread (returns ErrorCode::Internal) nor on a GUI thread (it blocks).
    Result<HttpResponse> fetch(HttpRequest request);

    /// True when called from inside a callback or task on the network thread.
    bool isNetworkThread() const;

    const Clock &clock() const { return m_clock; }

    /// Validates `url` against the scheme rule without sending anything.
    static Status checkUrl(std::string_view url);

private:
    struct Impl;
    void run();

    const Clock &m_clock;
    std::unique_ptr<Impl> m_impl;
    std::thread m_thread;
};

} // namespace scriptorium::net
