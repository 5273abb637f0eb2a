#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scriptorium {

/// Rough token count of a text, for prompt budgets and cost forecasts before a request is sent
/// (actual counts always come from the API's usage). Current BPE tokenizers spend about 4/3 of
/// a token per English word and about one per Chinese character; punctuation and symbols about
/// one each. Never fails; O(n).
std::size_t estimateTokens(std::string_view utf8);

/// Which end of a text survives a cut.
enum class KeepEnd { Head, Tail };

/// `text` cut at a code point boundary so that estimateTokens() of the result is at most
/// `maxTokens`; with KeepEnd::Tail the end of the text is kept (e.g. the last paragraphs of the
/// previous chapter). Prefers cutting at a paragraph or sentence boundary near the limit.
std::string truncateToTokens(std::string_view text, std::size_t maxTokens, KeepEnd keep);

} // namespace scriptorium
