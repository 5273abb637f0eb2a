// Differential fuzzing of the stream chunk fast path: whenever the single-pass scanner accepts
// a payload, the full JSON parser must accept it too and agree on every field the scanner fills
// (id, provider, model, content, reasoning, finish reasons), and report no usage or error (the
// scanner declines those). decodeChunk() must then return what the parser returns.
#include "openrouter/chunk_scanner.h"
#include "openrouter/stream_chunk.h"

#include "fuzz_checks.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace {

using scriptorium::fuzz::check;
using scriptorium::openrouter::ChunkEvent;

void checkSameFields(const ChunkEvent &a, const ChunkEvent &b, const char *what)
{
    const auto same = [what](bool equal, const char *field) {
        if (!equal) {
            std::fprintf(stderr, "%s: %s\n", what, field);
            scriptorium::fuzz::fail("fields differ");
        }
    };
    same(a.done == b.done, "done");
    same(a.id == b.id, "id");
    same(a.provider == b.provider, "provider");
    same(a.model == b.model, "model");
    same(a.content == b.content, "content");
    same(a.reasoning == b.reasoning, "reasoning");
    same(a.finishReason == b.finishReason, "finish_reason");
    same(a.nativeFinishReason == b.nativeFinishReason, "native_finish_reason");
    same(a.usage.has_value() == b.usage.has_value(), "usage");
    same(a.error.has_value() == b.error.has_value(), "error");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    namespace openrouter = scriptorium::openrouter;
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const auto parsed = openrouter::detail::decodeChunkWithParser(input);
    const auto decoded = openrouter::decodeChunk(input);
    check(parsed.has_value() == decoded.has_value(),
          "decodeChunk and the full parser disagree on whether the chunk is valid");
    if (parsed && decoded)
        checkSameFields(*decoded, *parsed, "decodeChunk and the full parser disagree on a field");

    // The scanner sees what decodeChunk() gives it: the payload without surrounding JSON
    // white space (which is all it skips itself).
    ChunkEvent scanned;
    if (!openrouter::detail::scanCommonChunk(input, scanned))
        return 0;
    check(parsed.has_value(), "the scanner accepted a chunk the full parser rejects");
    check(!parsed->usage && !parsed->error, "the scanner accepted a chunk with usage or an error");
    checkSameFields(scanned, *parsed, "the scanner and the full parser disagree on a field");
    return 0;
}
