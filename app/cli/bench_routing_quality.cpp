#include "bench_routing_quality.h"

#include "novel/quality_checks.h"
#include "openrouter/catalog_json.h"
#include "util/measurement_text.h"

#include <algorithm>
#include <iostream>

namespace scriptorium::cli {

std::set<std::string> worseEndpoints(const sim::Market &market, const std::string &model)
{
    std::set<std::string> out;
    for (const sim::Model &m : market.models) {
        if (m.id != model || m.endpoints.empty())
            continue;
        std::vector<double> rates;
        for (const sim::Endpoint &e : m.endpoints) {
            const sim::QualityRates &q = e.quality;
            rates.push_back(q.repetition + q.languageDrift + q.truncation + q.metaText);
        }
        std::vector<double> sorted = rates;
        std::ranges::sort(sorted);
        const double median = sorted[sorted.size() / 2];
        for (std::size_t i = 0; i < m.endpoints.size(); ++i) {
            if (rates[i] >= median + kWorseMargin)
                out.insert(m.endpoints[i].providerSlug + "/"
                           + openrouter::normalizeQuantization(m.endpoints[i].quantization));
        }
    }
    return out;
}

CheckedReply checkReply(std::string_view text, std::string_view language,
                        std::string_view finishReason)
{
    novel::QualityContext context;
    context.stage = "draft";
    context.language = std::string(language);
    context.finishReason = std::string(finishReason);
    CheckedReply out;
    for (const novel::QualityFinding &f : novel::checkQuality(text, context)) {
        if (!novel::blamesEndpoint(f.kind, f.severity))
            continue;
        ++out.findings;
        if (f.severity == novel::QualitySeverity::Major)
            ++out.majorFindings;
    }
    return out;
}

nlohmann::json qualitySummary(const std::vector<CheckedReply> &replies,
                              const std::set<std::string> &worse, std::size_t skip)
{
    std::int64_t tokens = 0;
    std::int64_t findings = 0;
    int served = 0, toWorse = 0, servedAfter = 0, toWorseAfter = 0;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        const CheckedReply &r = replies[i];
        if (!r.ok)
            continue;
        tokens += r.outputTokens;
        findings += r.findings;
        const bool bad = worse.contains(r.servedTag);
        ++served;
        toWorse += bad ? 1 : 0;
        if (i >= skip) {
            ++servedAfter;
            toWorseAfter += bad ? 1 : 0;
        }
    }
    auto share = [](int part, int whole) {
        return whole > 0 ? static_cast<double>(part) / whole : 0.0;
    };
    return {{"findings", findings},
            {"output_tokens", tokens},
            {"findings_per_10k_tokens",
             tokens > 0 ? 1e4 * static_cast<double>(findings) / static_cast<double>(tokens) : 0.0},
            {"worse_share", share(toWorse, served)},
            {"worse_requests_after_skip", toWorseAfter},
            {"served_after_skip", servedAfter},
            {"worse_share_after_skip", share(toWorseAfter, servedAfter)}};
}

std::vector<openrouter::ChatMessage> benchPrompt(int index, std::string_view language)
{
    if (language == "zh")
        return {
            {"system", "你是一位小说家。"},
            {"user", "写港口那一章的第" + std::to_string(index) + "个场景：黎明时分潮水转向。"}};
    return {{"system", "You are a novelist."},
            {"user",
             "Write scene " + std::to_string(index)
                 + " of the harbour chapter: the tide turns at dawn."}};
}

void printQualityComparison(const nlohmann::json &report)
{
    const nlohmann::json &all = report["strategies"];
    if (report.contains("quality")) {
        const nlohmann::json &q = report["quality"];
        const int skip = q["after_requests"].get<int>();
        std::cout << "\nworse endpoints (from the market's quality settings):";
        for (const nlohmann::json &tag : q["worse_endpoints"])
            std::cout << ' ' << tag.get<std::string>();
        std::cout << "\nstrategy\tfindings/10k tokens\tworse share\tworse share after request "
                  << skip << '\n';
        for (const auto &[name, s] : all.items()) {
            if (!s.contains("quality"))
                continue;
            const nlohmann::json &sq = s["quality"];
            std::cout << name << '\t' << fixedText(sq["findings_per_10k_tokens"].get<double>(), 1)
                      << '\t' << fixedText(100.0 * sq["worse_share"].get<double>(), 1) << " %\t"
                      << fixedText(100.0 * sq["worse_share_after_skip"].get<double>(), 1) << " % ("
                      << sq["worse_requests_after_skip"].get<int>() << '/'
                      << sq["served_after_skip"].get<int>() << ")\n";
        }
    }
    if (all.contains("adaptive") && all.contains("adaptive-no-quality")) {
        const nlohmann::json &aq = all["adaptive"];
        const nlohmann::json &sp = all["adaptive-no-quality"];
        auto change = [&](const char *key) {
            const double base = sp[key].get<double>();
            return base > 0 ? 100.0 * (aq[key].get<double>() / base - 1.0) : 0.0;
        };
        std::cout << "quality-aware vs speed-only ranking: mean duration "
                  << fixedText(change("duration_mean_ms"), 1) << " %, p95 "
                  << fixedText(change("duration_p95_ms"), 1) << " %, decode tok/s "
                  << fixedText(change("decode_tps_mean"), 1) << " %\n";
    }
}

} // namespace scriptorium::cli
