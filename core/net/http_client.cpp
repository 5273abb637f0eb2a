#include "net/http_client.h"

#include "util/log.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cmath>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include <curl/curl.h>

namespace scriptorium::net {

namespace {

constexpr std::size_t kMaxFetchBody = 64u << 20;
constexpr long kIdlePollMs = 1000;

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                   == std::tolower(static_cast<unsigned char>(y));
           });
}

bool isLoopbackHost(std::string host)
{
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (host == "localhost" || host == "[::1]" || host == "::1")
        return true;
    in_addr addr{};
    if (inet_pton(AF_INET, host.c_str(), &addr) == 1) {
        const auto *bytes = reinterpret_cast<const unsigned char *>(&addr.s_addr);
        return bytes[0] == 127;
    }
    return false;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty()
           && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

Error transportError(CURLcode code, const char *errorBuffer, bool hasTotalTimeout)
{
    std::string detail = curl_easy_strerror(code);
    if (errorBuffer && errorBuffer[0] != '\0')
        detail += std::string(": ") + errorBuffer;
    detail = log::redact(detail);
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        if (hasTotalTimeout)
            return Error{ErrorCode::Timeout,
                         "the request took longer than its deadline; try again later", detail};
        return Error{ErrorCode::Transport,
                     "could not connect in time; check the network and the base URL", detail};
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return Error{ErrorCode::Transport,
                     "the server name could not be resolved; check the network and the base URL",
                     detail};
    case CURLE_COULDNT_CONNECT:
        return Error{ErrorCode::Transport,
                     "could not connect to the server; check the network and the base URL", detail};
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
        return Error{ErrorCode::Transport,
                     "the server's TLS certificate could not be verified; check the system "
                     "certificates and the base URL",
                     detail};
    default:
        return Error{ErrorCode::Transport,
                     "the connection failed while talking to the server; try again", detail};
    }
}

struct Transfer;

} // namespace

std::optional<std::string_view> findHeader(const HttpHeaders &headers, std::string_view name)
{
    for (const auto &[key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return std::string_view(value);
    }
    return std::nullopt;
}

namespace {

struct Transfer {
    HttpClient::TransferId id = 0;
    CURL *easy = nullptr;
    curl_slist *headerList = nullptr;
    HttpRequest request;
    TransferCallbacks callbacks;
    TransferResult result;
    const Clock *clock = nullptr;
    HttpHeaders pendingHeaders;
    bool responseDelivered = false;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        if (headerList)
            curl_slist_free_all(headerList);
    }
};

size_t headerCallback(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *t = static_cast<Transfer *>(userdata);
    const std::size_t total = size * count;
    const std::string_view line(buffer, total);
    if (!t->result.timings.gotFirstByte) {
        t->result.timings.gotFirstByte = true;
        t->result.timings.firstByte = t->clock->now();
    }
    if (line.starts_with("HTTP/")) {
        t->pendingHeaders.clear();
        return total;
    }
    const std::string_view trimmed = trim(line);
    if (trimmed.empty()) {
        long status = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 200 && !t->responseDelivered) {
            t->responseDelivered = true;
            t->result.status = status;
            t->result.headers = std::move(t->pendingHeaders);
            t->pendingHeaders.clear();
            if (t->callbacks.onResponse)
                t->callbacks.onResponse(status, t->result.headers, t->result.timings.firstByte);
        }
        return total;
    }
    if (const std::size_t colon = trimmed.find(':'); colon != std::string_view::npos) {
        t->pendingHeaders.emplace_back(std::string(trim(trimmed.substr(0, colon))),
                                       std::string(trim(trimmed.substr(colon + 1))));
    }
    return total;
}

size_t writeCallback(char *data, size_t size, size_t count, void *userdata)
{
    auto *t = static_cast<Transfer *>(userdata);
    const std::size_t total = size * count;
    if (!t->responseDelivered) {
        // A response without a header block (HTTP/0.9 is disabled, but be safe).
        t->responseDelivered = true;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->result.status);
        if (t->callbacks.onResponse)
            t->callbacks.onResponse(t->result.status, t->result.headers,
                                    t->result.timings.firstByte);
    }
    if (t->callbacks.onData && total > 0)
        t->callbacks.onData(std::string_view(data, total), t->clock->now());
    return total;
}

} // namespace

struct HttpClient::Impl {
    Options options;
    CURLM *multi = nullptr;
    std::thread::id threadId;

    std::mutex mutex; // guards everything below up to `active`
    bool stopping = false;
    std::vector<std::unique_ptr<Transfer>> toAdd;
    std::vector<TransferId> toCancel;
    std::vector<std::function<void()>> tasks;
    std::set<std::pair<Clock::TimePoint, TimerId>> timerQueue;
    std::unordered_map<TimerId, std::pair<Clock::TimePoint, std::function<void()>>> timers;
    TransferId nextTransferId = 1;
    TimerId nextTimerId = 1;

    // Network thread only.
    std::unordered_map<TransferId, std::unique_ptr<Transfer>> active;
};

HttpClient::HttpClient(const Clock &clock)
    : HttpClient(Options{}, clock)
{
}

HttpClient::HttpClient(Options options, const Clock &clock)
    : m_clock(clock)
    , m_impl(std::make_unique<Impl>())
{
    globalInit();
    m_impl->options = std::move(options);
    m_impl->multi = curl_multi_init();
    curl_multi_setopt(m_impl->multi, CURLMOPT_MAXCONNECTS, m_impl->options.maxCachedConnections);
    if (m_impl->options.maxTotalConnections > 0)
        curl_multi_setopt(m_impl->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
                          m_impl->options.maxTotalConnections);
    m_thread = std::thread([this] { run(); });
}

HttpClient::~HttpClient()
{
    shutdown();
    if (m_thread.joinable())
        m_thread.join();
    curl_multi_cleanup(m_impl->multi);
}

namespace {

struct UrlParts {
    std::string scheme;
    std::string host;
};

std::optional<UrlParts> splitUrl(std::string_view url)
{
    CURLU *handle = curl_url();
    const std::string copy(url);
    if (curl_url_set(handle, CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK) {
        curl_url_cleanup(handle);
        return std::nullopt;
    }
    char *scheme = nullptr;
    char *host = nullptr;
    curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0);
    curl_url_get(handle, CURLUPART_HOST, &host, 0);
    UrlParts parts{scheme ? scheme : "", host ? host : ""};
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(handle);
    return parts;
}

} // namespace

Status HttpClient::checkUrl(std::string_view url)
{
    const auto parts = splitUrl(url);
    if (!parts) {
        return fail(ErrorCode::InvalidArgument, "the URL is not valid; check the base URL setting",
                    log::redact(std::string(url)));
    }
    if (parts->scheme == "https")
        return {};
    if (parts->scheme == "http" && isLoopbackHost(parts->host))
        return {};
    if (parts->scheme == "http") {
        return fail(ErrorCode::InvalidArgument,
                    "plain http is only allowed to this computer (127.0.0.1, ::1, localhost); use "
                    "an https URL",
                    log::redact(parts->host));
    }
    return fail(ErrorCode::InvalidArgument, "only https URLs are supported; fix the base URL",
                log::redact(parts->scheme));
}

Result<HttpClient::TransferId> HttpClient::submit(HttpRequest request, TransferCallbacks callbacks)
{
    if (auto ok = checkUrl(request.url); !ok)
        return fail(ok.error());

    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->callbacks = std::move(callbacks);
    t->clock = &m_clock;
    CURL *easy = curl_easy_init();
    if (!easy)
        return fail(ErrorCode::Internal,
                    "could not create a transfer; the system may be out of memory");
    t->easy = easy;
    HttpRequest &r = t->request;

    curl_easy_setopt(easy, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // This computer is never reached through a proxy from the environment (http_proxy,
    // all_proxy): with plain http the proxy would read the Authorization header.
    if (const auto parts = splitUrl(r.url); parts && isLoopbackHost(parts->host))
        curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connectTimeout.count()));
    if (r.totalTimeout.count() > 0)
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(r.totalTimeout.count()));
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, m_impl->options.userAgent.c_str());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->errorBuffer);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &headerCallback);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &writeCallback);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());

    if (r.method == "POST") {
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    } else if (r.method != "GET") {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        if (!r.body.empty()) {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r.body.data());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(r.body.size()));
        }
    }

    curl_slist *list = nullptr;
    for (const auto &[name, value] : r.headers)
        list = curl_slist_append(list, (name + ": " + value).c_str());
    if (!r.bearerToken.empty()) {
        std::string line = "Authorization: Bearer " + r.bearerToken;
        list = curl_slist_append(list, line.c_str());
        std::fill(line.begin(), line.end(), '\0');
    }
    list = curl_slist_append(list, "Expect:");
    t->headerList = list;
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);

    TransferId id = 0;
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping) {
            curl_easy_cleanup(easy);
            t->easy = nullptr;
            return fail(ErrorCode::Cancelled, "the HTTP client was shut down: nothing was sent");
        }
        id = m_impl->nextTransferId++;
        t->id = id;
        m_impl->toAdd.push_back(std::move(t));
    }
    curl_multi_wakeup(m_impl->multi);
    return id;
}

void HttpClient::cancel(TransferId id)
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->toCancel.push_back(id);
    }
    curl_multi_wakeup(m_impl->multi);
}

void HttpClient::shutdown()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    curl_multi_wakeup(m_impl->multi);
}

void HttpClient::post(std::function<void()> task)
{
    {
        std::lock_guard lock(m_impl->mutex);
        if (m_impl->stopping)
            return;
        m_impl->tasks.push_back(std::move(task));
    }
    curl_multi_wakeup(m_impl->multi);
}

HttpClient::TimerId HttpClient::schedule(Clock::Duration delay, std::function<void()> task)
{
    const Clock::TimePoint at = m_clock.now() + std::max(delay, Clock::Duration::zero());
    TimerId id = 0;
    {
        std::lock_guard lock(m_impl->mutex);
        id = m_impl->nextTimerId++;
        m_impl->timerQueue.emplace(at, id);
        m_impl->timers.emplace(id, std::make_pair(at, std::move(task)));
    }
    curl_multi_wakeup(m_impl->multi);
    return id;
}

void HttpClient::cancelTimer(TimerId id)
{
    std::lock_guard lock(m_impl->mutex);
    const auto it = m_impl->timers.find(id);
    if (it == m_impl->timers.end())
        return;
    m_impl->timerQueue.erase({it->second.first, id});
    m_impl->timers.erase(it);
}

void HttpClient::wake()
{
    curl_multi_wakeup(m_impl->multi);
}

bool HttpClient::isNetworkThread() const
{
    return std::this_thread::get_id() == m_thread.get_id();
}

Result<HttpResponse> HttpClient::fetch(HttpRequest request)
{
    if (isNetworkThread()) {
        return fail(ErrorCode::Internal,
                    "fetch() was called on the network thread, where it would deadlock");
    }
    struct Shared {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        bool tooLarge = false;
        HttpResponse response;
        std::optional<Error> error;
    };
    auto shared = std::make_shared<Shared>();
    TransferCallbacks callbacks;
    // onData and onComplete both run on the network thread, so the body needs no lock until
    // `done` is published under the mutex.
    callbacks.onData = [shared](std::string_view bytes, Clock::TimePoint) {
        if (shared->response.body.size() + bytes.size() > kMaxFetchBody) {
            shared->tooLarge = true;
            return;
        }
        shared->response.body.append(bytes);
    };
    callbacks.onComplete = [shared](const TransferResult &result) {
        std::lock_guard lock(shared->mutex);
        shared->response.status = result.status;
        shared->response.headers = result.headers;
        shared->response.timings = result.timings;
        shared->response.localPort = result.localPort;
        shared->error = result.error;
        shared->done = true;
        shared->cv.notify_all();
    };
    auto id = submit(std::move(request), std::move(callbacks));
    if (!id)
        return fail(id.error());
    std::unique_lock lock(shared->mutex);
    shared->cv.wait(lock, [&] { return shared->done; });
    if (shared->error)
        return fail(*shared->error);
    if (shared->tooLarge)
        return fail(ErrorCode::TooLarge, "the server's response is larger than expected (64 MiB)");
    return std::move(shared->response);
}

void HttpClient::run()
{
    Impl &d = *m_impl;
    d.threadId = std::this_thread::get_id();

    auto finish = [&](std::unique_ptr<Transfer> t, std::optional<Error> error) {
        if (t->easy) {
            curl_easy_getinfo(t->easy, CURLINFO_LOCAL_PORT, &t->result.localPort);
            if (t->result.status == 0)
                curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->result.status);
            curl_multi_remove_handle(d.multi, t->easy);
            curl_easy_cleanup(t->easy);
            t->easy = nullptr;
        }
        t->result.timings.end = m_clock.now();
        if (!t->result.timings.gotFirstByte)
            t->result.timings.firstByte = t->result.timings.t0;
        if (t->result.headers.empty() && !t->pendingHeaders.empty())
            t->result.headers = std::move(t->pendingHeaders);
        t->result.error = std::move(error);
        if (t->callbacks.onComplete)
            t->callbacks.onComplete(t->result);
    };
    const Error cancelled{ErrorCode::Cancelled, "the request was cancelled", {}};

    for (;;) {
        std::vector<std::unique_ptr<Transfer>> adds;
        std::vector<TransferId> cancels;
        std::vector<std::function<void()>> tasks;
        std::vector<std::function<void()>> due;
        bool stopping = false;
        {
            std::lock_guard lock(d.mutex);
            stopping = d.stopping;
            adds.swap(d.toAdd);
            cancels.swap(d.toCancel);
            tasks.swap(d.tasks);
            const Clock::TimePoint now = m_clock.now();
            while (!d.timerQueue.empty() && d.timerQueue.begin()->first <= now) {
                const TimerId id = d.timerQueue.begin()->second;
                d.timerQueue.erase(d.timerQueue.begin());
                auto it = d.timers.find(id);
                due.push_back(std::move(it->second.second));
                d.timers.erase(it);
            }
            if (stopping) {
                d.timerQueue.clear();
                d.timers.clear();
            }
        }

        for (auto &t : adds) {
            if (stopping) {
                finish(std::move(t), cancelled);
                continue;
            }
            t->result.timings.t0 = m_clock.now();
            if (t->callbacks.onStart)
                t->callbacks.onStart(t->result.timings.t0);
            const CURLMcode rc = curl_multi_add_handle(d.multi, t->easy);
            if (rc != CURLM_OK) {
                finish(std::move(t),
                       Error{ErrorCode::Internal, "could not start the transfer",
                             curl_multi_strerror(rc)});
                continue;
            }
            const TransferId id = t->id;
            d.active.emplace(id, std::move(t));
        }
        for (const TransferId id : cancels) {
            auto it = d.active.find(id);
            if (it == d.active.end())
                continue;
            auto t = std::move(it->second);
            d.active.erase(it);
            finish(std::move(t), cancelled);
        }
        if (stopping) {
            while (!d.active.empty()) {
                auto t = std::move(d.active.begin()->second);
                d.active.erase(d.active.begin());
                finish(std::move(t), cancelled);
            }
            return;
        }
        for (auto &task : tasks)
            task();
        for (auto &task : due)
            task();

        int running = 0;
        curl_multi_perform(d.multi, &running);
        int queued = 0;
        while (CURLMsg *msg = curl_multi_info_read(d.multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            Transfer *raw = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
            const CURLcode code = msg->data.result;
            auto it = d.active.find(raw->id);
            if (it == d.active.end())
                continue;
            auto t = std::move(it->second);
            d.active.erase(it);
            std::optional<Error> error;
            if (code != CURLE_OK)
                error = transportError(code, t->errorBuffer, t->request.totalTimeout.count() > 0);
            finish(std::move(t), std::move(error));
        }

        long timeoutMs = kIdlePollMs;
        {
            std::lock_guard lock(d.mutex);
            if (!d.toAdd.empty() || !d.toCancel.empty() || !d.tasks.empty() || d.stopping)
                timeoutMs = 0;
            else if (!d.timerQueue.empty()) {
                // The clock may run faster than real time (benchmarks in simulated time).
                const auto wait = std::chrono::duration<double, std::milli>(
                                      d.timerQueue.begin()->first - m_clock.now())
                    / std::max(m_clock.speed(), 1e-9);
                const auto ms = static_cast<long long>(std::ceil(wait.count()));
                timeoutMs = std::clamp<long>(static_cast<long>(ms), 0, kIdlePollMs);
            }
        }
        if (timeoutMs > 0)
            curl_multi_poll(d.multi, nullptr, 0, static_cast<int>(timeoutMs), nullptr);
    }
}

} // namespace scriptorium::net
