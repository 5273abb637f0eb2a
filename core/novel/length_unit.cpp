#include "novel/length_unit.h"

#include "util/text_stats.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace scriptorium::novel {

namespace {

/// The primary subtag of a BCP 47 tag, lower case ("zh" of "zh-Hant-TW", "ja" of "JA_jp").
std::string primarySubtag(std::string_view language)
{
    const std::size_t end = language.find_first_of("-_");
    std::string primary(language.substr(0, end));
    std::ranges::transform(primary, primary.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return primary;
}

} // namespace

LengthUnit lengthUnitFor(std::string_view language)
{
    // "zho"/"jpn"/"kor" are the ISO 639-2 forms some systems still report.
    static constexpr std::array<std::string_view, 6> kCharacterLanguages
        = {"zh", "ja", "ko", "zho", "jpn", "kor"};
    const std::string primary = primarySubtag(language);
    return std::ranges::find(kCharacterLanguages, primary) != kCharacterLanguages.end()
        ? LengthUnit::Characters
        : LengthUnit::Words;
}

LengthUnit lengthUnitOf(const TextStats &stats)
{
    return stats.isMostlyCjk() ? LengthUnit::Characters : LengthUnit::Words;
}

std::string_view lengthUnitName(LengthUnit unit)
{
    return unit == LengthUnit::Characters ? "characters" : "words";
}

std::size_t defaultChapterTarget(LengthUnit unit)
{
    return unit == LengthUnit::Characters ? 3000 : 2000;
}

double tokensPerUnit(LengthUnit unit)
{
    return unit == LengthUnit::Characters ? 1.0 : 1.33;
}

std::string lengthForPrompt(std::size_t count, LengthUnit unit, std::string_view promptLanguage)
{
    const std::string number = std::to_string(count);
    if (primarySubtag(promptLanguage) == "zh")
        return number + (unit == LengthUnit::Characters ? "\u5b57" : "\u8bcd"); // 字, 词
    return number + " " + std::string(lengthUnitName(unit));
}

} // namespace scriptorium::novel
