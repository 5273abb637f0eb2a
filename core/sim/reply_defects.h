#pragma once

// Internal to core/sim: the bad writing of a low-quality endpoint (market "quality").

#include "sim/market.h"
#include "sim/text_bank.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace scriptorium::sim {

/// One defect placed in a reply: its name (the core's quality kind name: "repetition",
/// "language_drift", "truncation", "meta_text", "broken_json") and the tokens it occupies,
/// [begin, end) (empty for a deletion at `begin`).
struct DefectSpan {
    std::string kind;
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// What the injection needs to know about the clean reply.
struct ReplyShape {
    bool structured = false; ///< a JSON document (structuredReply), not prose
    bool chinese = false; ///< the reply's language, as text_bank decided it
    std::optional<std::size_t> maxTokens; ///< the request's max_tokens
};

/// Rolls each defect of `rates` once (always five draws from `rng`, in a fixed order) and
/// injects the ones that hit into `tokens`, keeping every token one counted unit. Prose gets
/// repetition, language_drift, meta_text and truncation; a JSON document only broken_json.
/// A reply grown past `shape.maxTokens` is cut there with `finishReason` "length"; truncation
/// sets it to "stop". A defect that finds no room (a reply too short) is left out. Pure.
std::vector<DefectSpan> injectDefects(std::vector<std::string> &tokens, std::string &finishReason,
                                      const ReplyShape &shape, const QualityRates &rates, Rng &rng);

/// The names of the defects still whole in a reply of `tokenCount` tokens (a stop sequence may
/// have cut the rest away), in the order they were injected.
std::vector<std::string> presentDefects(const std::vector<DefectSpan> &spans,
                                        std::size_t tokenCount);

} // namespace scriptorium::sim
