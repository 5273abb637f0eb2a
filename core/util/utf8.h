#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scriptorium::utf8 {

/// The replacement character reported for every invalid byte sequence.
inline constexpr char32_t kReplacement = U'\uFFFD';

/// One decoded code point and how many bytes it took. `valid` is false for a malformed or
/// truncated sequence, in which case `codePoint` is kReplacement and `length` is the number of
/// bytes to skip (at least 1), following the "maximal subpart" rule of Unicode §3.9.
struct Decoded {
    char32_t codePoint = kReplacement;
    std::size_t length = 1;
    bool valid = false;
};

/// Decodes the code point at the start of `text` (which must not be empty).
Decoded decode(std::string_view text);

/// True when the whole of `text` is well-formed UTF-8.
bool isValid(std::string_view text);

/// Number of bytes at the end of `text` that form the start of an incomplete but so far
/// well-formed sequence (0–3). Streaming decoders keep these bytes for the next read.
std::size_t incompleteTailLength(std::string_view text);

/// Appends the UTF-8 encoding of `codePoint` to `out`.
void append(std::string &out, char32_t codePoint);

/// Returns `text` with every invalid sequence replaced by U+FFFD.
std::string sanitize(std::string_view text);

} // namespace scriptorium::utf8
