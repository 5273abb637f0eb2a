#pragma once

// Private to core/routing: the routing config's JSON readers, shared by routing_config.cpp (the
// file as a whole) and routing_config_stages.cpp (the `stages` object). Each reader leaves its
// output alone when the key is missing or null and fails with ErrorCode::Config and the JSON
// path of the value that has the wrong type.

#include "openrouter/chat_request.h"
#include "routing/routing_config.h"
#include "util/result.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::routing::detail {

/// "routing config: <path> must be <expected>; fix it or run 'scriptorium-cli config check' …"
Error typeError(const std::string &path, std::string_view expected);

Status readStringList(const nlohmann::json &obj, const char *key, const std::string &path,
                      std::vector<std::string> &out);

/// `forbidden_precisions` at `path`/forbidden_precisions: a list of known quantizations. A
/// misspelt value would forbid nothing, so it fails the load (ErrorCode::Config).
Status readForbiddenPrecisions(const nlohmann::json &obj, const std::string &path,
                               std::vector<std::string> &out);

/// `obj[key]` when it is an object; nullptr when missing or null; nullptr with `error` set
/// (ErrorCode::Config) when it is something else.
const nlohmann::json *section(const nlohmann::json &obj, const char *key, const std::string &path,
                              Error &error);

/// A `provider` object, provider names turned into slugs.
Result<openrouter::ProviderPreferences> readProvider(const nlohmann::json &obj,
                                                     const std::string &path);

/// Fields set in `over` replace those of `base` (a performance threshold is replaced whole; an
/// empty list counts as not set).
void mergeInto(openrouter::ProviderPreferences &base, const openrouter::ProviderPreferences &over);

/// A value spelled by name (`objective`, `precision_policy`, …) at `path`/`key`.
template<typename Enum>
Status readEnum(const nlohmann::json &obj, const char *key, const std::string &path,
                std::optional<Enum> (*fromName)(std::string_view), std::string_view expected,
                Enum &out)
{
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    std::optional<Enum> value;
    if (it->is_string())
        value = fromName(it->template get_ref<const std::string &>());
    if (!value)
        return fail(typeError(path + "/" + key, expected));
    out = *value;
    return {};
}

/// The `stages` object (routing_config_stages.cpp). Errors: as the readers above, and Config
/// for a key that is not a pipeline stage.
Result<std::map<std::string, StageOverride>> readStages(const nlohmann::json &stages);
nlohmann::json stagesToJson(const std::map<std::string, StageOverride> &stages);

} // namespace scriptorium::routing::detail
