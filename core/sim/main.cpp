// openrouter-sim: a local OpenRouter for tests, benchmarks and the offline demo.
#include "sim/market.h"
#include "sim/sim_server.h"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

int main(int argc, char **argv)
{
    scriptorium::sim::SimOptions options;
    CLI::App app{"openrouter-sim: a faithful local OpenRouter on 127.0.0.1"};
    app.add_option("--port", options.port, "Port to listen on; 0 picks a free one")
        ->check(CLI::Range(0, 65535));
    std::string names;
    for (const std::string &name : scriptorium::sim::embeddedMarketNames())
        names += (names.empty() ? "" : ", ") + name;
    app.add_option("--market", options.market,
                   "Market profile: " + names + ", or a JSON file (docs/simulator.md)");
    app.add_option("--time-scale", options.timeScale,
                   "Multiply every simulated delay by this (0.01 = 100x faster)")
        ->check(CLI::PositiveNumber);
    app.add_option("--seed", options.seed, "Seed for every random choice");
    app.add_option("--truth-log", options.truthLogPath,
                   "Append one JSON line per attempt served to this file");
    CLI11_PARSE(app, argc, argv);

    // Block the stop signals before any thread starts, then wait for one synchronously.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    scriptorium::sim::SimServer server(options);
    if (auto status = server.start(); !status) {
        std::cerr << "openrouter-sim: " << status.error().message << '\n';
        if (!status.error().detail.empty())
            std::cerr << "  " << status.error().detail << '\n';
        return 1;
    }
    std::cout << "openrouter-sim listening on http://127.0.0.1:" << server.port() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
    return 0;
}
