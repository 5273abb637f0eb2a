#include "sim/behaviour_script.h"

#include "sim/router.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

constexpr std::array kActions = {std::string_view("http_error"),
                                 std::string_view("mid_stream_error"),
                                 std::string_view("stall"),
                                 std::string_view("abrupt_close"),
                                 std::string_view("error_body_200"),
                                 std::string_view("leading_whitespace"),
                                 std::string_view("slow_first_token"),
                                 std::string_view("ok")};

bool matches(const json &match, const std::string &modelId, const Endpoint &e)
{
    if (!match.is_object())
        return true;
    if (const auto m = match.find("model"); m != match.end() && *m != modelId)
        return false;
    if (const auto p = match.find("provider");
        p != match.end() && !providerEntryMatches(p->get<std::string>(), e))
        return false;
    if (const auto t = match.find("tag"); t != match.end() && *t != e.tag)
        return false;
    if (const auto q = match.find("quantization"); q != match.end() && *q != e.quantization)
        return false;
    return true;
}

} // namespace

Status BehaviourScript::add(const json &script)
{
    json list;
    if (script.is_array())
        list = script;
    else if (script.is_object() && script.contains("behaviours"))
        list = script.at("behaviours");
    else if (script.is_object())
        list = json::array({script});
    if (!list.is_array())
        return fail(ErrorCode::InvalidArgument,
                    "A script is {\"behaviours\":[…]}; see docs/simulator.md.");
    std::deque<Behaviour> parsed;
    for (const json &entry : list) {
        if (!entry.is_object() || !entry.contains("action") || !entry.at("action").is_string())
            return fail(ErrorCode::InvalidArgument, "Each behaviour needs a string \"action\".");
        Behaviour b;
        b.action = entry.at("action").get<std::string>();
        if (std::ranges::find(kActions, std::string_view(b.action)) == kActions.end())
            return fail(ErrorCode::InvalidArgument,
                        "Unknown behaviour action \"" + b.action + "\"; see docs/simulator.md.");
        b.match = entry.value("match", json::object());
        if (!b.match.is_object())
            return fail(ErrorCode::InvalidArgument, "A behaviour's \"match\" must be an object.");
        for (const char *key : {"model", "provider", "tag", "quantization"})
            if (b.match.contains(key) && !b.match.at(key).is_string())
                return fail(ErrorCode::InvalidArgument,
                            std::string("match.") + key + " must be a string.");
        if (entry.contains("times") && !entry.at("times").is_number_integer())
            return fail(ErrorCode::InvalidArgument, "\"times\" must be an integer.");
        b.remaining = entry.value("times", std::int64_t{1});
        if (b.remaining == 0)
            b.remaining = -1;
        if (b.action == "http_error"
            && (!entry.contains("status") || !entry.at("status").is_number_integer()))
            return fail(ErrorCode::InvalidArgument, "http_error needs an integer \"status\".");
        b.params = entry;
        parsed.push_back(std::move(b));
    }
    std::lock_guard lock(m_mutex);
    m_queue.insert(m_queue.end(), parsed.begin(), parsed.end());
    return {};
}

std::optional<Behaviour> BehaviourScript::take(const std::string &modelId, const Endpoint &endpoint)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (!matches(it->match, modelId, endpoint))
            continue;
        Behaviour taken = *it;
        if (it->remaining > 0 && --it->remaining == 0)
            m_queue.erase(it);
        return taken;
    }
    return std::nullopt;
}

void BehaviourScript::clear()
{
    std::lock_guard lock(m_mutex);
    m_queue.clear();
}

} // namespace scriptorium::sim
