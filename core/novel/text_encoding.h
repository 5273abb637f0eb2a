#pragma once

#include "util/result.h"

#include <string>
#include <string_view>

namespace scriptorium::novel {

/// Text decoded from a manuscript file, always UTF-8 with LF line ends and no BOM.
struct DecodedText {
    std::string text;
    std::string encoding; ///< what the bytes were: "UTF-8" or "GB18030"
};

/// Checks that `bytes` look like a text file and decodes them to UTF-8.
///
/// Accepts UTF-8 (with or without BOM) and GB18030; CRLF and CR are normalised to LF.
/// Errors: ErrorCode::Parse for binary data ("not a text file"), UTF-16/32, empty input or
/// bytes that are neither UTF-8 nor GB18030; ErrorCode::TooLarge for a line over
/// kMaxLineBytes. Pure function, thread-safe.
Result<DecodedText> decodeManuscriptText(std::string_view bytes);

/// Longest line accepted in a manuscript, in bytes.
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

/// Converts `bytes` between two encodings with glibc iconv, strictly: an invalid or
/// incomplete sequence is ErrorCode::Parse (nothing is skipped or replaced); an encoding
/// name iconv does not know is ErrorCode::Unsupported. Thread-safe (one iconv_t per call).
Result<std::string> convertEncoding(std::string_view bytes, const char *fromEncoding,
                                    const char *toEncoding);

/// Replaces CRLF and lone CR with LF.
std::string normalizeLineEnds(std::string_view text);

} // namespace scriptorium::novel
