#include "sim/text_bank.h"

#include "util/text_stats.h"
#include "util/utf8.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace scriptorium::sim {

namespace {

// Hyphen-free, digit-free sentences so that each space-separated word is one counted unit.
constexpr std::array kEnglish = {
    "The rain had not stopped since morning, and the harbour lay grey and quiet.",
    "Mara folded the letter twice before she put it back into her coat.",
    "Nobody in the village remembered who had planted the old pear tree.",
    "He listened to the clock in the hall and counted the hours he had left.",
    "The lamps along the canal came on one by one as the fog rolled in.",
    "She knew the answer, but she was not ready to say it aloud.",
    "Somewhere below the window a cart rattled over the wet stones.",
    "The captain studied the map as though it might change its mind.",
    "They walked in silence until the road bent toward the sea.",
    "Every book in the shop smelled faintly of smoke and salt.",
    "His brother had promised to return before the first snow.",
    "The garden gate was open, and the dog was gone.",
    "I have waited long enough, she said, and reached for her gloves.",
    "The old man laughed, though his eyes stayed on the door.",
    "By evening the wind had turned, carrying the sound of distant bells.",
    "Nothing in the letter explained why the house had been sold.",
    "The children ran ahead, calling names into the empty square.",
    "A single candle burned in the tower where nobody lived.",
    "We will find another way, he said, but he did not believe it.",
    "The river was higher than anyone could remember.",
};

constexpr std::array kChinese = {
    "雨从清晨起就没有停过，港口一片灰暗而安静。", "她把信折了两次，才放回大衣的口袋里。",
    "村里没有人记得那棵老梨树是谁种下的。",       "他听着走廊里的钟声，数着自己还剩下的时辰。",
    "雾气漫上来的时候，运河边的灯一盏一盏亮了。", "她知道答案，却还没有准备好说出口。",
    "窗下的石板路上，一辆马车咯吱咯吱地驶过。",   "船长盯着地图，仿佛它随时会改变主意。",
    "他们沉默地走着，直到小路转向大海。",         "书店里的每一本书都带着淡淡的烟味和海盐的气息。",
    "哥哥答应过，会在第一场雪之前回来。",         "花园的门开着，狗却不见了。",
    "老人笑了起来，目光却一直停在门口。",         "傍晚时风向变了，远处传来隐约的钟声。",
    "信里没有解释，那座房子为什么被卖掉了。",     "孩子们跑在前面，对着空荡荡的广场喊着名字。",
    "没有人住的塔楼里，只点着一支蜡烛。",         "河水比任何人记忆中的都要高。",
};

void appendEnglishSentence(std::vector<std::string> &tokens, std::string_view sentence)
{
    std::size_t start = 0;
    while (start < sentence.size()) {
        std::size_t end = sentence.find(' ', start);
        if (end == std::string_view::npos)
            end = sentence.size();
        tokens.emplace_back(std::string(sentence.substr(start, end - start)) + " ");
        start = end + 1;
    }
}

void appendChineseSentence(std::vector<std::string> &tokens, std::string_view sentence)
{
    while (!sentence.empty()) {
        const utf8::Decoded d = utf8::decode(sentence);
        std::string piece(sentence.substr(0, d.length));
        sentence.remove_prefix(d.length);
        if (isCjkCharacter(d.codePoint) || tokens.empty())
            tokens.push_back(std::move(piece));
        else
            tokens.back() += piece; // punctuation rides on the character before it
    }
}

} // namespace

Rng::Rng(std::uint64_t seed)
    : m_state(seed)
{
}

std::uint64_t Rng::next()
{
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double Rng::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::normal()
{
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::int64_t Rng::range(std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
}

std::uint64_t mixSeed(std::uint64_t seed, std::string_view data, std::uint64_t ordinal)
{
    std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= ordinal * 0x9E3779B97F4A7C15ULL;
    Rng mixer(h);
    return mixer.next();
}

namespace {

/// A sentence of the bank that is none of the last few chosen: prose does not say the same
/// sentence twice within a few lines, so clean text has no accidental loops for the quality
/// checks to find (docs/simulator.md). Deterministic for the rng.
class SentencePicker {
public:
    SentencePicker(Rng &rng, std::size_t bankSize)
        : m_rng(rng)
        , m_bankSize(bankSize)
        , m_window(std::min<std::size_t>(6, bankSize / 3))
    {
    }

    std::size_t next()
    {
        std::size_t pick = static_cast<std::size_t>(m_rng.next() % (m_bankSize - m_recent.size()));
        // The pick-th index that is not recent.
        for (std::size_t i = 0; i < m_bankSize; ++i) {
            if (std::ranges::find(m_recent, i) != m_recent.end())
                continue;
            if (pick-- == 0) {
                pick = i;
                break;
            }
        }
        m_recent.push_back(pick);
        if (m_recent.size() > m_window)
            m_recent.erase(m_recent.begin());
        return pick;
    }

private:
    Rng &m_rng;
    std::size_t m_bankSize;
    std::size_t m_window;
    std::vector<std::size_t> m_recent;
};

} // namespace

std::vector<std::string> generateTokens(Rng &rng, bool chinese, std::size_t count,
                                        bool wholeSentences)
{
    SentencePicker picker(rng, chinese ? kChinese.size() : kEnglish.size());
    std::vector<std::string> tokens;
    tokens.reserve(count + 32);
    std::size_t sentencesInParagraph = 0;
    std::size_t lastSentenceEnd = 0; // tokens.size() after the last whole sentence <= count
    std::size_t firstSentenceEnd = 0;
    while (tokens.size() < count) {
        if (chinese)
            appendChineseSentence(tokens, kChinese[picker.next()]);
        else
            appendEnglishSentence(tokens, kEnglish[picker.next()]);
        if (++sentencesInParagraph >= 4 + rng.next() % 3) {
            if (!chinese && tokens.back().ends_with(' '))
                tokens.back().pop_back();
            tokens.back() += "\n\n";
            sentencesInParagraph = 0;
        }
        if (firstSentenceEnd == 0)
            firstSentenceEnd = tokens.size();
        if (tokens.size() <= count)
            lastSentenceEnd = tokens.size();
    }
    // A model that stops on its own ends a sentence; only a cap (max_tokens) cuts one.
    if (wholeSentences)
        tokens.resize(lastSentenceEnd > 0 ? lastSentenceEnd : std::min(firstSentenceEnd, count));
    else
        tokens.resize(count);
    return tokens;
}

std::vector<std::string> generateParagraph(Rng &rng, bool chinese, std::size_t sentences)
{
    std::vector<std::string> tokens;
    SentencePicker picker(rng, chinese ? kChinese.size() : kEnglish.size());
    for (std::size_t i = 0; i < sentences; ++i) {
        if (chinese)
            appendChineseSentence(tokens, kChinese[picker.next()]);
        else
            appendEnglishSentence(tokens, kEnglish[picker.next()]);
    }
    if (!tokens.empty()) {
        if (tokens.back().ends_with(' '))
            tokens.back().pop_back();
        tokens.back() += "\n\n";
    }
    return tokens;
}

std::vector<std::string> splitTokens(std::string_view text)
{
    std::vector<std::string> tokens;
    std::string pending; // punctuation before the first unit
    bool inWord = false;
    while (!text.empty()) {
        const utf8::Decoded d = utf8::decode(text);
        const std::string piece(text.substr(0, d.length));
        text.remove_prefix(d.length);
        const char32_t cp = d.codePoint;
        const bool wordChar = (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z')
            || (cp >= U'0' && cp <= U'9');
        const bool cjk = isCjkCharacter(cp);
        if ((wordChar && !inWord) || cjk) {
            tokens.push_back(std::move(pending) + piece);
            pending.clear();
        } else if (tokens.empty()) {
            pending += piece;
        } else {
            tokens.back() += piece;
        }
        inWord = wordChar;
    }
    if (!pending.empty()) {
        if (tokens.empty())
            tokens.push_back(std::move(pending));
        else
            tokens.back() += pending;
    }
    return tokens;
}

std::size_t countTokens(std::string_view text)
{
    return countText(text).length();
}

bool isMostlyChinese(std::string_view text)
{
    return countText(text).isMostlyCjk();
}

} // namespace scriptorium::sim
