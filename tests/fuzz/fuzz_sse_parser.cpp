// Fuzzes SseParser: never crashes, stays within its limits, and gives the same events for the
// whole input as for the same bytes split where the first input byte says.
#include "net/sse_parser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string> parse(std::string_view input, std::size_t splitEvery, bool &failed)
{
    using scriptorium::net::SseParser;
    std::vector<std::string> out;
    SseParser parser(SseParser::Limits{.maxLineBytes = 256, .maxEventBytes = 1024});
    parser.setEventHandler([&](const scriptorium::net::SseEvent &e) {
        out.push_back("E" + std::string(e.type) + '\x1f' + std::string(e.data) + '\x1f'
                      + std::string(e.id));
    });
    parser.setCommentHandler([&](std::string_view c) { out.push_back("C" + std::string(c)); });
    failed = false;
    for (std::size_t pos = 0; pos < input.size() && !failed; pos += splitEvery) {
        failed = !parser.feed(input.substr(pos, splitEvery));
        if (parser.bufferedBytes() > 256 + 1024)
            std::abort(); // the bound did not hold
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t split = 1 + data[0] % 17;
    const std::string_view input(reinterpret_cast<const char *>(data) + 1, size - 1);
    bool wholeFailed = false;
    bool splitFailed = false;
    const auto whole = parse(input, input.size() + 1, wholeFailed);
    const auto pieces = parse(input, split, splitFailed);
    if (wholeFailed != splitFailed)
        std::abort();
    // Before a failure the events may differ in how far they got; compare only clean runs.
    if (!wholeFailed && whole != pieces)
        std::abort();
    return 0;
}
