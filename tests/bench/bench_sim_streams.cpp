// How faithfully openrouter-sim keeps its token schedule under load: N concurrent streaming
// clients at time-scale 1 against one simulator process. The simulator measures, for every
// token, actual send time − planned send time (GET /_sim/stats); this program also reports the
// simulator's RSS (VmHWM, VmRSS from /proc) and the client-side totals.
// Usage: bench_sim_streams [path/to/openrouter-sim] [clients=256] [max_tokens=300]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

struct Stream {
    std::string body;
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
};

std::size_t collect(char *data, std::size_t size, std::size_t count, void *user)
{
    static_cast<std::string *>(user)->append(data, size * count);
    return size * count;
}

std::string fetch(const std::string &url)
{
    std::string out;
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &out);
    curl_easy_perform(easy);
    curl_easy_cleanup(easy);
    return out;
}

std::string statusField(pid_t pid, const std::string &field)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(field + ":"))
            return line.substr(field.size() + 1);
    return "?";
}

} // namespace

int main(int argc, char **argv)
{
    const std::string exe = argc > 1 ? argv[1] : "core/sim/openrouter-sim";
    const int clients = argc > 2 ? std::atoi(argv[2]) : 256;
    const int maxTokens = argc > 3 ? std::atoi(argv[3]) : 300;

    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return 1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipeFds[0]);
    std::vector<std::string> args = {exe, "--port", "0", "--time-scale", "1", "--seed", "1"};
    std::vector<char *> argvSim;
    for (std::string &a : args)
        argvSim.push_back(a.data());
    argvSim.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawn(&pid, exe.c_str(), &actions, nullptr, argvSim.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", exe.c_str());
        return 1;
    }
    close(pipeFds[1]);
    std::string line;
    char c = 0;
    while (read(pipeFds[0], &c, 1) == 1 && c != '\n')
        line += c;
    const std::string base = line.substr(line.find("http://"));
    std::printf("%s\n", line.c_str());

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
    std::vector<Stream> streams(static_cast<std::size_t>(clients));
    for (int i = 0; i < clients; ++i) {
        Stream &s = streams[static_cast<std::size_t>(i)];
        const std::string body = nlohmann::json{
            {"model", "meta-llama/llama-3.1-8b-instruct"},
            {"messages", {{{"role", "user"}, {"content", "Chapter " + std::to_string(i)}}}},
            {"stream", true},
            {"max_tokens",
             maxTokens}}.dump();
        s.easy = curl_easy_init();
        s.headers = curl_slist_append(nullptr, "Authorization: Bearer sk-bench");
        s.headers = curl_slist_append(s.headers, "Content-Type: application/json");
        curl_easy_setopt(s.easy, CURLOPT_URL, (base + "/api/v1/chat/completions").c_str());
        curl_easy_setopt(s.easy, CURLOPT_HTTPHEADER, s.headers);
        curl_easy_setopt(s.easy, CURLOPT_COPYPOSTFIELDS, body.c_str());
        curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.body);
    }
    // Connect in waves of 16 every 20 ms: cpp-httplib's listen backlog is small, and a dropped
    // SYN costs a 1 s retransmit that would distort the measurement.
    const auto start = std::chrono::steady_clock::now();
    std::string peakRss = "?";
    int running = 1;
    std::size_t added = 0;
    while (running || added < streams.size()) {
        for (int wave = 0; wave < 16 && added < streams.size(); ++wave)
            curl_multi_add_handle(multi, streams[added++].easy);
        curl_multi_perform(multi, &running);
        curl_multi_poll(multi, nullptr, 0, added < streams.size() ? 20 : 100, nullptr);
        peakRss = statusField(pid, "VmHWM");
    }
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int message = 0;
    std::size_t failures = 0;
    while (CURLMsg *m = curl_multi_info_read(multi, &message))
        if (m->msg == CURLMSG_DONE && m->data.result != CURLE_OK && failures++ < 3)
            std::fprintf(stderr, "stream failed: %s\n", curl_easy_strerror(m->data.result));
    std::size_t done = 0;
    std::size_t bytes = 0;
    for (Stream &s : streams) {
        done += s.body.find("data: [DONE]") != std::string::npos;
        bytes += s.body.size();
        curl_multi_remove_handle(multi, s.easy);
        curl_easy_cleanup(s.easy);
        curl_slist_free_all(s.headers);
    }
    curl_multi_cleanup(multi);

    const nlohmann::json stats = nlohmann::json::parse(fetch(base + "/_sim/stats"), nullptr, false);
    const nlohmann::json truth = nlohmann::json::parse(fetch(base + "/_sim/truth"), nullptr, false);
    std::size_t tokens = 0;
    for (const auto &t : truth)
        tokens += t.value("completion_tokens", std::size_t{0});
    std::printf("clients %d, completed %zu, %.2f s wall, %zu tokens (%.0f tok/s), %.1f MiB\n",
                clients, done, seconds, tokens, static_cast<double>(tokens) / seconds,
                static_cast<double>(bytes) / (1024.0 * 1024.0));
    std::printf("token lateness (actual - planned send): %s\n",
                stats["token_lateness"].dump().c_str());
    std::printf("simulator RSS: peak%s, now%s\n", peakRss.c_str(),
                statusField(pid, "VmRSS").c_str());
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    curl_global_cleanup();
    const double p99 = stats["token_lateness"].value("p99_ms", 1e9);
    return done == static_cast<std::size_t>(clients) && p99 <= 5.0 ? 0 : 2;
}
