#include "sim/structured_reply.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

namespace scriptorium::sim {

namespace {

using ordered_json = nlohmann::ordered_json;

std::string phrase(Rng &rng, bool chinese, std::int64_t minTokens, std::int64_t maxTokens)
{
    const auto count = static_cast<std::size_t>(rng.range(minTokens, maxTokens));
    std::string text;
    for (const std::string &t : generateTokens(rng, chinese, count))
        text += t;
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n'))
        text.pop_back();
    return text;
}

ordered_json generate(const ordered_json &schema, Rng &rng, bool chinese, std::int64_t index,
                      const std::string &key, int depth)
{
    if (!schema.is_object() || depth > 8)
        return nullptr;
    const std::string type = schema.value("type", std::string("string"));
    if (type == "object") {
        ordered_json out = ordered_json::object();
        if (const auto props = schema.find("properties");
            props != schema.end() && props->is_object())
            for (const auto &[name, sub] : props->items())
                out[name] = generate(sub, rng, chinese, index, name, depth + 1);
        return out;
    }
    if (type == "array") {
        const std::int64_t lo = std::max<std::int64_t>(0, schema.value("minItems", 1));
        const std::int64_t hi
            = std::max(lo, schema.value("maxItems", std::max<std::int64_t>(lo, 3)));
        const std::int64_t count = rng.range(lo, hi);
        ordered_json out = ordered_json::array();
        const ordered_json items = schema.value("items", ordered_json::object());
        for (std::int64_t i = 0; i < count; ++i)
            out.push_back(generate(items, rng, chinese, i, key, depth + 1));
        return out;
    }
    if (const auto e = schema.find("enum"); e != schema.end() && e->is_array() && !e->empty())
        return (
            *e)[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(e->size()) - 1))];
    if (type == "integer") {
        if (schema.contains("minimum")) {
            std::int64_t value = schema["minimum"].get<std::int64_t>() + index;
            if (schema.contains("maximum"))
                value = std::min(value, schema["maximum"].get<std::int64_t>());
            return value;
        }
        return rng.range(1, 10);
    }
    if (type == "number")
        return rng.uniform();
    if (type == "boolean")
        return rng.uniform() < 0.5;
    const bool shortText = key == "name" || key == "title" || key == "kind";
    return shortText ? phrase(rng, chinese, 2, 4) : phrase(rng, chinese, 10, 24);
}

bool isCjkLead(unsigned char c)
{
    // Lead bytes of 3-byte UTF-8 sequences cover the CJK blocks the phrase bank uses.
    return c >= 0xE3 && c <= 0xE9;
}

} // namespace

std::vector<std::string> splitJsonTokens(const std::string &text)
{
    std::vector<std::string> tokens;
    std::string current;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (isCjkLead(c) && i + 3 <= text.size()) {
            current.append(text, i, 3);
            tokens.push_back(std::move(current));
            current.clear();
            i += 3;
            continue;
        }
        current += text[i];
        ++i;
        if (c == ' ' || c == '\n') {
            tokens.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        tokens.push_back(std::move(current));
    return tokens;
}

std::optional<std::vector<std::string>> structuredReply(std::string_view promptText, Rng &rng)
{
    const auto open = promptText.rfind("<schema>");
    if (open == std::string_view::npos)
        return std::nullopt;
    const auto close = promptText.find("</schema>", open);
    if (close == std::string_view::npos)
        return std::nullopt;
    const auto body = promptText.substr(open + 8, close - open - 8);
    const ordered_json schema = ordered_json::parse(body, nullptr, false);
    if (schema.is_discarded() || !schema.is_object())
        return std::nullopt;
    std::string prose(promptText.substr(0, open));
    prose += promptText.substr(close + 9);
    const bool chinese = isMostlyChinese(prose);
    const ordered_json document = generate(schema, rng, chinese, 0, {}, 0);
    return splitJsonTokens(document.dump(1));
}

} // namespace scriptorium::sim
