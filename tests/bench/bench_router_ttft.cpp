// Client-added time to first token: the Router's measured TTFT minus the simulator's truth,
// side by side with plain libcurl (one blocking easy handle, first content byte stamped in its
// write callback) streaming the same request. Simulator in-process on loopback, time scale 1.
// Usage: bench_router_ttft [requests=200]
#include "routing/router.h"
#include "sim/sim_server.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <curl/curl.h>

using namespace scriptorium;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double truthTtft(const nlohmann::json &t)
{
    return t["t_first_token_ms"].get<double>() - t["t_request_ms"].get<double>();
}

struct CurlState {
    std::chrono::steady_clock::time_point firstContent{};
    bool seen = false;
};

size_t onCurlData(char *data, size_t size, size_t n, void *user)
{
    auto *s = static_cast<CurlState *>(user);
    const std::string_view bytes(data, size * n);
    if (!s->seen && bytes.find("\"content\":\"") != std::string_view::npos
        && bytes.find("\"content\":\"\"") == std::string_view::npos) {
        s->seen = true;
        s->firstContent = std::chrono::steady_clock::now();
    }
    return size * n;
}

} // namespace

int main(int argc, char **argv)
{
    const int requests = argc > 1 ? std::atoi(argv[1]) : 200;
    sim::SimServer server(sim::SimOptions{
        .market = "default", .timeScale = 1.0, .seed = 5, .truthLogPath = {}, .port = 0});
    if (!server.start())
        return 1;
    net::HttpClient client;
    routing::Router::Options options;
    options.baseUrl = server.baseUrl();
    options.config = routing::RoutingConfig::defaults();
    options.config.provider.order = {"deepinfra"};
    options.config.models.clear();
    options.apiKey = routing::ApiKey("sk-or-v1-bench-0000000000000000");
    routing::Router router(client, options);

    std::vector<double> routerAdded;
    for (int i = 0; i < requests + 1; ++i) {
        std::mutex m;
        std::condition_variable cv;
        std::optional<routing::GenerationResult> result;
        routing::GenerationRequest request;
        request.model = "meta-llama/llama-3.1-8b-instruct";
        request.messages = {{"user", "Write one line."}};
        request.maxTokens = 4;
        routing::GenerationCallbacks cb;
        cb.onDone = [&](const routing::GenerationResult &r) {
            std::lock_guard lock(m);
            result = r;
            cv.notify_all();
        };
        (void)router.start(request, cb);
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return result.has_value(); });
        if (i == 0 || !result->ok())
            continue; // warm-up: connection setup is not what we measure
        routerAdded.push_back(*result->attempts.back().ttftMs - truthTtft(server.truth().back()));
    }

    // Plain libcurl, same request, reusing one easy handle (so one warm connection).
    std::vector<double> curlAdded;
    CURL *easy = curl_easy_init();
    const std::string url = server.baseUrl() + "/chat/completions";
    const std::string body
        = R"({"model":"meta-llama/llama-3.1-8b-instruct","stream":true,)"
          R"("max_tokens":4,"messages":[{"role":"user","content":"Write one line."}],)"
          R"("provider":{"order":["deepinfra"],"quantizations":["fp8"]}})";
    curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Authorization: Bearer sk-or-v1-bench-0000000000000000");
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &onCurlData);
    for (int i = 0; i < requests + 1; ++i) {
        CurlState state;
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &state);
        const auto t0 = std::chrono::steady_clock::now();
        curl_easy_perform(easy);
        if (i == 0 || !state.seen)
            continue;
        const double ttft
            = std::chrono::duration<double, std::milli>(state.firstContent - t0).count();
        curlAdded.push_back(ttft - truthTtft(server.truth().back()));
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);

    std::printf("client-added TTFT vs simulator truth (ms), %zu / %zu requests after warm-up\n",
                routerAdded.size(), curlAdded.size());
    std::printf("  Router (HttpClient + SSE + decode): p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
                percentile(routerAdded, 0.5), percentile(routerAdded, 0.9),
                percentile(routerAdded, 0.99), percentile(routerAdded, 1.0));
    std::printf("  plain libcurl easy handle:          p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
                percentile(curlAdded, 0.5), percentile(curlAdded, 0.9), percentile(curlAdded, 0.99),
                percentile(curlAdded, 1.0));
    return percentile(routerAdded, 0.99) <= 1.0 ? 0 : 2;
}
