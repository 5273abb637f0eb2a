// Fuzzes the routing config file: RoutingConfig::fromText() (what `load` and the GUI's routing
// editor call) and validateOffline() (`config check`). Neither may crash or throw, whatever the
// file holds. A config that loads must survive save-and-reload: fromJson(toJson()) succeeds and
// gives the same JSON again.
#include "routing/routing_config.h"
#include "routing/routing_validator.h"

#include "fuzz_checks.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    namespace routing = scriptorium::routing;
    using scriptorium::fuzz::check;
    const std::string_view text(reinterpret_cast<const char *>(data), size);

    // An exception escaping either call reaches std::terminate, which libFuzzer reports.
    if (const auto config = routing::RoutingConfig::fromText(text)) {
        const nlohmann::json saved = config->toJson();
        const auto reloaded = routing::RoutingConfig::fromJson(saved);
        check(reloaded.has_value(), "a loaded config does not load again after toJson()");
        check(reloaded->toJson() == saved, "a loaded config changes on save and reload");
    }

    const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded())
        return 0;
    const routing::ValidationReport report = routing::validateOffline(doc);
    std::size_t total = 0;
    for (const auto severity :
         {routing::Severity::Error, routing::Severity::Warning, routing::Severity::Info})
        total += report.count(severity);
    check(total == report.findings.size(), "findings of an unknown severity");
    check(report.valid() == (report.count(routing::Severity::Error) == 0),
          "valid() disagrees with the error count");
    for (const auto &finding : report.findings)
        check(!finding.rule.empty() && (finding.path.empty() || finding.path.starts_with('/')),
              "a finding without a rule or with a path that is not a JSON Pointer");
    return 0;
}
