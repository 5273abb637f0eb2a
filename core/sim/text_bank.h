#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scriptorium::sim {

/// Small deterministic PRNG (splitmix64 seeded xoshiro-like mixing) so draws are identical on
/// every platform and standard library. Not thread-safe; one per request.
class Rng {
public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t next();
    double uniform(); ///< [0, 1)
    double normal(); ///< N(0, 1), Box–Muller
    std::int64_t range(std::int64_t lo, std::int64_t hi); ///< inclusive

private:
    std::uint64_t m_state;
};

/// Mixes values into a 64-bit seed (FNV-1a over the bytes, then splitmix finalisation).
std::uint64_t mixSeed(std::uint64_t seed, std::string_view data, std::uint64_t ordinal);

/// Readable prose from a built-in phrase bank, as tokens: one short English word with its
/// trailing space or punctuation, or one Chinese character with its trailing punctuation.
/// Every token counts as exactly one unit for countTokens(). `count` tokens, cut wherever the
/// count falls; with `wholeSentences`, the whole sentences that fit in `count` instead (at
/// least the first one, still at most `count` tokens), as a reply that stopped by itself.
std::vector<std::string> generateTokens(Rng &rng, bool chinese, std::size_t count,
                                        bool wholeSentences = false);

/// A whole paragraph of `sentences` phrase-bank sentences in one language, as tokens like
/// generateTokens(); the last token ends with "\n\n".
std::vector<std::string> generateParagraph(Rng &rng, bool chinese, std::size_t sentences);

/// Splits `text` into tokens that count one unit each for countTokens(): a word or a CJK
/// character with the spaces and punctuation that follow it (punctuation before the first
/// unit rides on it). Words are ASCII letters and digits; the text must not need more.
std::vector<std::string> splitTokens(std::string_view text);

/// The simulator's token count of a text: words plus CJK characters (util/text_stats).
std::size_t countTokens(std::string_view text);

/// True when `text` is mostly Chinese (or other CJK) by the same measure.
bool isMostlyChinese(std::string_view text);

} // namespace scriptorium::sim
