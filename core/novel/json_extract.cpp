#include "novel/json_extract.h"

#include <string>

namespace scriptorium::novel {

namespace {

/// Drops a leading <think>…</think> block: reasoning models put it before the answer.
std::string_view stripThinking(std::string_view text)
{
    const auto open = text.find("<think>");
    if (open == std::string_view::npos)
        return text;
    const auto close = text.find("</think>", open);
    if (close == std::string_view::npos)
        return text.substr(0, open);
    return text.substr(close + 8);
}

/// The end (one past the closing bracket) of the balanced document starting at `start`, or
/// npos when the text ends first. Strings and escapes are honoured, so brackets inside
/// strings do not count.
std::size_t balancedEnd(std::string_view text, std::size_t start)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return std::string_view::npos;
}

bool isBlank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

} // namespace

bool looksTruncatedJson(std::string_view reply)
{
    const std::string_view text = stripThinking(reply);
    const auto start = text.find_first_of("{[");
    return start != std::string_view::npos && balancedEnd(text, start) == std::string_view::npos;
}

Result<nlohmann::json> extractJson(std::string_view reply)
{
    const std::string_view text = stripThinking(reply);
    if (isBlank(text))
        return fail(ErrorCode::Parse,
                    "The model returned an empty reply where a JSON document was expected; "
                    "try again or choose another model.",
                    "empty");
    std::size_t from = 0;
    bool sawTruncated = false;
    // Try each candidate start in turn: prose before the document may itself hold a stray
    // bracket ("[draft]") that does not parse.
    while (true) {
        const auto start = text.find_first_of("{[", from);
        if (start == std::string_view::npos)
            break;
        const auto end = balancedEnd(text, start);
        if (end == std::string_view::npos) {
            sawTruncated = true;
            break;
        }
        auto parsed = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
        if (!parsed.is_discarded())
            return parsed;
        from = start + 1;
    }
    if (sawTruncated)
        return fail(ErrorCode::Parse,
                    "The model's JSON reply was cut off before it ended; it will be retried with "
                    "more room, or raise max tokens for this step.",
                    "truncated");
    return fail(ErrorCode::Parse,
                "The model did not return the JSON document it was asked for; try again or "
                "choose another model.",
                "no json");
}

std::string jsonString(const nlohmann::json &object, const char *name)
{
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace scriptorium::novel
