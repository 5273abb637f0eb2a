// 256 concurrent streams on the one network thread (CPU time and RSS per active stream), then
// a soak of N requests checking that RSS does not grow. The simulator runs as a separate
// process (openrouter-sim) so its memory is not counted.
// Usage: bench_router_load [concurrent=256] [soak=10000]
#include "routing/router.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
using namespace scriptorium;

namespace {

double rssMiB()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0;
    long resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Batch {
    std::mutex m;
    std::condition_variable cv;
    int done = 0;
    int failed = 0;
    std::size_t textBytes = 0;
    int active = 0;
    int peakActive = 0;
    double rssAtPeak = 0;
};

void runBatch(routing::Router &router, int count, int maxTokens, Batch &b, bool sampleRss)
{
    for (int i = 0; i < count; ++i) {
        routing::GenerationRequest request;
        request.model = "meta-llama/llama-3.1-8b-instruct";
        request.messages = {{"user", "Write a paragraph about the sea."}};
        request.maxTokens = maxTokens;
        routing::GenerationCallbacks cb;
        cb.onFirstToken = [&b, sampleRss, count](const routing::AttemptRecord &) {
            std::lock_guard lock(b.m);
            ++b.active;
            if (b.active > b.peakActive) {
                b.peakActive = b.active;
                if (sampleRss && b.active == count)
                    b.rssAtPeak = rssMiB();
            }
        };
        cb.onDone = [&b](const routing::GenerationResult &r) {
            std::lock_guard lock(b.m);
            ++b.done;
            if (!r.ok())
                ++b.failed;
            b.textBytes += r.text.size();
            b.cv.notify_all();
        };
        if (auto started = router.start(request, cb); !started) {
            // onDone never runs for a request that did not start: count it here.
            std::lock_guard lock(b.m);
            ++b.done;
            ++b.failed;
        }
    }
    std::unique_lock lock(b.m);
    b.cv.wait(lock, [&] { return b.done == count; });
}

} // namespace

int main(int argc, char **argv)
{
    // Unbuffered: a run stopped by a timeout still shows how far it got.
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const int concurrent = argc > 1 ? std::atoi(argv[1]) : 256;
    const int soak = argc > 2 ? std::atoi(argv[2]) : 10000;
    const int port = 20000 + static_cast<int>(getpid() % 20000);
    const std::string portText = std::to_string(port);
    const std::string sim = SCRIPTORIUM_SIM_BINARY;
    // Time scale 0.5: streams last a few seconds, so all of them are active together.
    const char *simArgs[]
        = {sim.c_str(), "--port", portText.c_str(), "--time-scale", "0.5", nullptr};
    // The simulator prints "listening" once its port accepts connections.
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return 1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    pid_t simPid = 0;
    if (posix_spawn(&simPid, sim.c_str(), &actions, nullptr, const_cast<char **>(simArgs), environ)
        != 0)
        return 1;
    close(pipeFds[1]);
    char buffer[256];
    if (read(pipeFds[0], buffer, sizeof buffer) <= 0)
        return 1;
    const std::string baseUrl = "http://127.0.0.1:" + portText + "/api/v1";

    net::HttpClient client(net::HttpClient::Options{.maxCachedConnections = 512,
                                                    .maxTotalConnections = 0,
                                                    .userAgent = "bench"},
                           Clock::real());
    routing::Router::Options options;
    options.baseUrl = baseUrl;
    options.config = routing::RoutingConfig::defaults();
    options.config.models.clear();
    options.config.provider.order = {"deepinfra"};
    // The market's random stalls would otherwise hold a soak batch for the default minute.
    options.config.watchdogs.firstToken = std::chrono::seconds(15);
    options.config.watchdogs.idleStall = std::chrono::seconds(10);
    options.apiKey = routing::ApiKey("sk-or-v1-bench-0000000000000000");
    options.reconcileTimeout = std::chrono::milliseconds(0);
    routing::Router router(client, options);

    const double rss0 = rssMiB();
    const double cpu0 = cpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    Batch wide;
    runBatch(router, concurrent, 400, wide, true);
    const double wall
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = cpuSeconds() - cpu0;
    const double perStreamKiB = (wide.rssAtPeak - rss0) * 1024.0 / concurrent
        - static_cast<double>(wide.textBytes) / 1024.0 / concurrent;
    std::printf("%d concurrent streams: peak active %d, failed %d, wall %.2f s, CPU %.2f s "
                "(%.1f%% of one core)\n",
                concurrent, wide.peakActive, wide.failed, wall, cpu, 100.0 * cpu / wall);
    std::printf("  RSS before %.1f MiB, with all streams active %.1f MiB: %.1f KiB per active "
                "stream beyond its text (%.1f KiB text each)\n",
                rss0, wide.rssAtPeak, perStreamKiB,
                static_cast<double>(wide.textBytes) / 1024.0 / concurrent);

    // Soak: batches of 64, short replies; RSS after the first tenth vs the end.
    double rssEarly = 0;
    int failed = 0;
    const auto soak0 = std::chrono::steady_clock::now();
    for (int done = 0; done < soak; done += 64) {
        Batch b;
        runBatch(router, std::min(64, soak - done), 8, b, false);
        failed += b.failed;
        if (rssEarly == 0 && done + 64 >= soak / 10)
            rssEarly = rssMiB();
        if ((done / 64) % 16 == 15)
            std::printf("  soak: %d of %d done, %d failed, RSS %.1f MiB\n", done + 64, soak, failed,
                        rssMiB());
    }
    const double rssEnd = rssMiB();
    std::printf("soak of %d requests in %.1f s (%d failed): RSS %.1f MiB after 10%%, %.1f MiB at "
                "the end (growth %.2f MiB)\n",
                soak,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - soak0).count(),
                failed, rssEarly, rssEnd, rssEnd - rssEarly);
    kill(simPid, SIGTERM);
    waitpid(simPid, nullptr, 0);
    return perStreamKiB <= 64.0 ? 0 : 2;
}
