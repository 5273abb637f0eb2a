#pragma once

// Lenient field readers shared by the OpenRouter parsers (private to core/openrouter and
// core/routing). Real responses mix numbers and decimal strings and use null freely, so each
// reader accepts every form seen in the wild and falls back to a default instead of throwing.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::openrouter::detail {

/// A number, or a decimal string such as "0.00000014"; nullopt for null, absent or garbage.
inline std::optional<double> numberOrString(const nlohmann::json &v)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        const std::string &s = v.get_ref<const std::string &>();
        double out = 0;
        const char *begin = s.data();
        const char *end = s.data() + s.size();
        while (begin != end && *begin == ' ')
            ++begin;
        if (begin != end && *begin == '+')
            ++begin;
        auto [ptr, ec] = std::from_chars(begin, end, out);
        if (ec == std::errc() && ptr == end && begin != end)
            return out;
    }
    return std::nullopt;
}

inline const nlohmann::json *field(const nlohmann::json &obj, std::string_view key)
{
    if (!obj.is_object())
        return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return nullptr;
    return &*it;
}

inline std::string str(const nlohmann::json &obj, std::string_view key, std::string fallback = {})
{
    const nlohmann::json *v = field(obj, key);
    if (v && v->is_string())
        return v->get<std::string>();
    return fallback;
}

inline std::optional<std::string> optStr(const nlohmann::json &obj, std::string_view key)
{
    const nlohmann::json *v = field(obj, key);
    if (v && v->is_string())
        return v->get<std::string>();
    return std::nullopt;
}

inline std::optional<double> optNum(const nlohmann::json &obj, std::string_view key)
{
    const nlohmann::json *v = field(obj, key);
    return v ? numberOrString(*v) : std::nullopt;
}

inline std::optional<std::int64_t> optInt(const nlohmann::json &obj, std::string_view key)
{
    const nlohmann::json *v = field(obj, key);
    if (!v)
        return std::nullopt;
    if (v->is_number_integer())
        return v->get<std::int64_t>();
    // A double outside int64's range (1e300, inf, nan) has no integer value: not a number here.
    if (auto d = numberOrString(*v); d && *d > -9.2e18 && *d < 9.2e18)
        return static_cast<std::int64_t>(*d);
    return std::nullopt;
}

inline std::int64_t integer(const nlohmann::json &obj, std::string_view key,
                            std::int64_t fallback = 0)
{
    return optInt(obj, key).value_or(fallback);
}

inline std::optional<bool> optBool(const nlohmann::json &obj, std::string_view key)
{
    const nlohmann::json *v = field(obj, key);
    if (v && v->is_boolean())
        return v->get<bool>();
    return std::nullopt;
}

inline std::vector<std::string> strings(const nlohmann::json &obj, std::string_view key)
{
    std::vector<std::string> out;
    const nlohmann::json *v = field(obj, key);
    if (v && v->is_array()) {
        for (const auto &item : *v) {
            if (item.is_string())
                out.push_back(item.get<std::string>());
        }
    }
    return out;
}

/// Parses JSON without exceptions, skipping the leading whitespace and blank lines OpenRouter
/// sends as keep-alives before long non-streaming bodies. Returns a discarded value on failure.
inline nlohmann::json parseLenient(std::string_view text)
{
    std::size_t start = 0;
    while (start < text.size()
           && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r'
               || text[start] == '\t'))
        ++start;
    return nlohmann::json::parse(text.substr(start), nullptr, false);
}

} // namespace scriptorium::openrouter::detail
