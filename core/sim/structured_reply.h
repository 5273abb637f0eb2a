#pragma once

#include "sim/text_bank.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::sim {

/// Structured output for prompts that ask for JSON (the novel pipeline's bible and outline
/// steps). A prompt that carries a JSON Schema between `<schema>` and `</schema>` (the last
/// such block) is answered with a deterministic JSON document of that shape, its strings
/// drawn from the phrase bank in the prompt's language (the schema itself does not count
/// towards the language). Supported: object (properties in order), array (minItems..maxItems,
/// default 1..3), string (enum picks one; "name"/"title" are short), integer (minimum +
/// index in the enclosing array, clamped to maximum: chapter numbers come out consecutive),
/// number, boolean. Returns the document as tokens (each one unit for countTokens), or
/// nullopt when the prompt has no parseable schema. Pure: draws only from `rng`.
std::optional<std::vector<std::string>> structuredReply(std::string_view promptText, Rng &rng);

/// Splits serialized JSON into tokens the way structuredReply() does: each piece holds at most
/// one word or CJK character and ends after a space or newline.
std::vector<std::string> splitJsonTokens(const std::string &text);

} // namespace scriptorium::sim
