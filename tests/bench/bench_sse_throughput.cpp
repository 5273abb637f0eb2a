// SSE framing + delta extraction throughput on one core: a synthetic OpenRouter stream of
// ~300-byte chunks, fed in 16 KiB reads (curl's default), through SseParser and decodeChunk.
// Usage: bench_sse_throughput [megabytes=256]
#include "net/sse_parser.h"
#include "openrouter/stream_chunk.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char **argv)
{
    const std::size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 256;
    std::string stream = ": OPENROUTER PROCESSING\n\n";
    int i = 0;
    while (stream.size() < (1u << 20)) {
        stream
            += "data: {\"id\":\"gen-1764926476-kUKFjpDGCEBBvK6V46PX\",\"provider\":\"DeepInfra\","
               "\"model\":\"meta-llama/"
               "llama-3.3-70b-instruct\",\"object\":\"chat.completion.chunk\","
               "\"created\":1764926476,\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word"
            + std::to_string(i++)
            + "\"},\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}\n\n";
    }
    const std::size_t rounds = megabytes * (1u << 20) / stream.size();
    std::size_t events = 0;
    std::size_t contentBytes = 0;
    scriptorium::net::SseParser parser;
    parser.setEventHandler([&](const scriptorium::net::SseEvent &e) {
        ++events;
        if (auto chunk = scriptorium::openrouter::decodeChunk(e.data))
            contentBytes += chunk->content.size();
    });
    constexpr std::size_t kRead = 16 * 1024;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < rounds; ++r) {
        for (std::size_t pos = 0; pos < stream.size(); pos += kRead) {
            if (!parser.feed(std::string_view(stream).substr(pos, kRead)))
                return 1;
        }
    }
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double mb = static_cast<double>(rounds * stream.size()) / (1 << 20);
    std::printf("sse+decode: %.1f MiB in %.3f s = %.1f MiB/s; %zu events (%.2f us/event), "
                "%zu content bytes\n",
                mb, seconds, mb / seconds, events, seconds * 1e6 / static_cast<double>(events),
                contentBytes);

    // Framing alone, for comparison.
    scriptorium::net::SseParser framing;
    std::size_t framed = 0;
    framing.setEventHandler([&](const scriptorium::net::SseEvent &e) { framed += e.data.size(); });
    const auto start2 = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < rounds; ++r) {
        for (std::size_t pos = 0; pos < stream.size(); pos += kRead)
            (void)framing.feed(std::string_view(stream).substr(pos, kRead));
    }
    const double seconds2
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start2).count();
    std::printf("sse framing only: %.1f MiB/s (%zu data bytes)\n", mb / seconds2, framed);
    return 0;
}
