// Throughput of the CJK-aware length count, which the editor runs on every pause in typing.
// Usage: bench_text_stats [megabytes]
#include "util/text_stats.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char **argv)
{
    const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 64;
    const std::string zh = "\u5979\u63a8\u5f00\u95e8\uff0c\u98ce\u5439\u8fdb\u6765\u3002";
    const std::string en = "She pushed the door open, and the wind came in. ";
    std::string text;
    while (text.size() < megabytes * 1024 * 1024)
        text += (text.size() / 4096) % 2 ? zh : en;

    std::size_t sink = 0;
    const auto start = std::chrono::steady_clock::now();
    constexpr int kRounds = 3;
    for (int i = 0; i < kRounds; ++i)
        sink += scriptorium::countText(text).length();
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;

    const double mb = static_cast<double>(text.size()) * kRounds / (1024.0 * 1024.0);
    std::printf("countText: %.1f MiB in %.3f s = %.0f MiB/s (checksum %zu)\n", mb, elapsed.count(),
                mb / elapsed.count(), sink);
    // A 100,000-character chapter, the editor's worst case.
    const std::string chapter = text.substr(0, 300000);
    const auto t0 = std::chrono::steady_clock::now();
    sink = scriptorium::countText(chapter).length();
    const std::chrono::duration<double, std::milli> one = std::chrono::steady_clock::now() - t0;
    std::printf("one 100k-character chapter: %.2f ms (length %zu)\n", one.count(), sink);
    return 0;
}
