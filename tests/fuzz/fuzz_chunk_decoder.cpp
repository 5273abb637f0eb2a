// Fuzzes the decoders a stream's bytes reach: stream chunks, error bodies and non-stream
// responses. They must never crash or throw, whatever the server sends.
#include "openrouter/api_error.h"
#include "openrouter/stream_chunk.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    if (auto chunk = scriptorium::openrouter::decodeChunk(input); chunk && chunk->error)
        (void)chunk->error->userMessage();
    const auto error
        = scriptorium::openrouter::parseApiError(size > 0 ? 400 + data[0] % 200 : 500, input);
    (void)error.toError();
    (void)scriptorium::openrouter::parseChatResponse(input);
    return 0;
}
