#pragma once

// Private to core/openrouter: a single-pass scanner for the common stream chunk (id, provider,
// model, choices[0].delta.content/reasoning, finish reasons). decodeChunk() tries it first and
// falls back to the full JSON parser whenever the chunk carries anything else (usage, error) or
// looks unusual, so the scanner never has to be complete — only exact on what it accepts.

#include "openrouter/stream_chunk.h"

#include <string_view>

namespace scriptorium::openrouter::detail {

/// Fills `out` and returns true when `json` is a well-formed chunk object the scanner fully
/// understood; returns false (with `out` in an unspecified state) otherwise.
bool scanCommonChunk(std::string_view json, ChunkEvent &out);

/// decodeChunk() without the scanner: the full JSON parser only (tests compare the two).
Result<ChunkEvent> decodeChunkWithParser(std::string_view data);

} // namespace scriptorium::openrouter::detail
