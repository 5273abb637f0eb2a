#pragma once

// bench-routing's quality axis (issue 15): which endpoints of a market write worse, the local
// checks on each reply, and the share of traffic the worse endpoints got.

#include "openrouter/chat_request.h"
#include "sim/market.h"

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace scriptorium::cli {

/// "provider/precision" of the endpoints of `model` whose replies carry clearly more defects
/// than the model's typical endpoint: the expected prose defects per reply (the market's
/// `quality` probabilities summed, broken_json excluded: the benchmark asks for prose) at least
/// kWorseMargin above the median endpoint's. Empty when the market writes cleanly. Pure.
std::set<std::string> worseEndpoints(const sim::Market &market, const std::string &model);
inline constexpr double kWorseMargin = 0.1;

/// What the local checks found in one reply, and who wrote it.
struct CheckedReply {
    bool ok = false;
    std::string servedTag; ///< "provider/precision"
    std::int64_t outputTokens = 0;
    int findings = 0;
    int majorFindings = 0;
};

/// Runs the local quality checks (novel::checkQuality, prose stage "draft") on a reply in
/// `language` ("en" or "zh") that ended with `finishReason`; counts the findings that blame
/// the endpoint (novel::blamesEndpoint), as the window's and the CLI's runtimes do.
CheckedReply checkReply(std::string_view text, std::string_view language,
                        std::string_view finishReason);

/// Per strategy: findings per 10,000 output tokens, and the share of served requests that
/// went to a `worse` endpoint, overall and among the requests sent after the first `skip`.
nlohmann::json qualitySummary(const std::vector<CheckedReply> &replies,
                              const std::set<std::string> &worse, std::size_t skip);

/// Prints the quality part of a bench-routing report (table output): the worse endpoints, per
/// strategy the finding rate and the worse-endpoint share, and the quality-aware strategy
/// against the speed-only one. Nothing when the report has no quality section.
void printQualityComparison(const nlohmann::json &report);

/// The bench's prompt for scene `index` in `language` (a Chinese book gets a Chinese prompt,
/// so the simulator writes Chinese).
std::vector<openrouter::ChatMessage> benchPrompt(int index, std::string_view language);

} // namespace scriptorium::cli
