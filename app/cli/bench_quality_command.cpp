#include "bench_quality_command.h"

#include "audit_command.h"
#include "cli_context.h"
#include "novel/continuity_audit.h"
#include "novel/quality_checks.h"
#include "novel_runtime.h"
#include "store/quality_store.h"
#include "util/embedded_file.h"
#include "util/measurement_text.h"

#include <cstdio>
#include <iostream>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

std::span<const scriptorium::EmbeddedFile> embeddedBenchFiles();

namespace scriptorium::cli {

namespace {

struct BenchQualityArgs {
    std::string model;
    std::vector<std::string> precisions{"fp8", "bf16"};
    int runs = 5;
    int maxTokens = 1000;
    bool audit = false;
    std::string language = "both";
};

/// One shipped prompt with the story facts the audit checks its reply against.
struct BenchPrompt {
    std::string id;
    std::string language;
    std::string text;
    std::vector<novel::BibleEntryText> bible;
};

Result<std::vector<BenchPrompt>> shippedPrompts(const std::string &language)
{
    const auto bytes = findEmbeddedFile(embeddedBenchFiles(), "quality_prompts.json");
    if (!bytes)
        return fail(ErrorCode::NotFound, "The shipped bench prompts are missing from this build.");
    const nlohmann::json doc = nlohmann::json::parse(*bytes, nullptr, false);
    if (!doc.is_object() || !doc.contains("prompts"))
        return fail(ErrorCode::Parse, "The shipped bench prompts do not parse.");
    std::vector<BenchPrompt> out;
    for (const nlohmann::json &p : doc["prompts"]) {
        BenchPrompt prompt{p.value("id", ""), p.value("language", "en"), p.value("prompt", ""), {}};
        if (language != "both" && prompt.language != language)
            continue;
        for (const nlohmann::json &e : p.value("bible", nlohmann::json::array()))
            prompt.bible.push_back(
                {e.value("kind", "lore"), e.value("name", ""), {}, e.value("text", "")});
        out.push_back(std::move(prompt));
    }
    return out;
}

/// Counts of one pass (the local checks, or the audit) at one precision.
struct FindingTally {
    std::int64_t findings = 0;
    std::map<std::string, std::int64_t> byKind;
};

struct PrecisionResult {
    std::string precision;
    int replies = 0;
    int failed = 0;
    std::int64_t outputTokens = 0;
    double costUsd = 0;
    std::map<std::string, int> servedBy; ///< "DeepInfra fp4" → replies
    FindingTally local;
    FindingTally audit;
    int audits = 0;
    int auditsFailed = 0;
};

/// Findings per 10,000 output tokens with the 95 % Poisson interval.
struct Rate {
    double perTenThousand = 0;
    double low = 0;
    double high = 0;
};

Rate rateOf(std::int64_t findings, std::int64_t tokens)
{
    if (tokens <= 0)
        return {};
    const double scale = 1e4 / static_cast<double>(tokens);
    const store::CountInterval ci = store::poissonInterval(findings);
    return {static_cast<double>(findings) * scale, ci.low * scale, ci.high * scale};
}

routing::RoutingConfig pinnedConfig(routing::RoutingConfig config, const std::string &model,
                                    const std::string &precision)
{
    config.defaultModel = model;
    config.models.clear();
    config.modelOverrides.clear();
    config.stages.clear();
    config.degradeTo.clear();
    config.provider = openrouter::ProviderPreferences{};
    config.provider.quantizations = {precision};
    config.provider.allowFallbacks = false;
    return config;
}

nlohmann::json tallyJson(const FindingTally &t, std::int64_t tokens)
{
    const Rate r = rateOf(t.findings, tokens);
    return {{"findings", t.findings},
            {"per_10k_tokens", r.perTenThousand},
            {"ci95_low", r.low},
            {"ci95_high", r.high},
            {"by_kind", t.byKind}};
}

struct PairResult {
    std::string a;
    std::string b;
    double pLocal = 1;
    std::optional<double> pAudit;
};

std::vector<PairResult> comparePairs(const std::vector<PrecisionResult> &results, bool audit)
{
    std::vector<PairResult> pairs;
    for (std::size_t i = 0; i < results.size(); ++i) {
        for (std::size_t j = i + 1; j < results.size(); ++j) {
            const PrecisionResult &a = results[i];
            const PrecisionResult &b = results[j];
            PairResult p{a.precision, b.precision, 1, std::nullopt};
            p.pLocal
                = store::ratesDifferPValue(a.local.findings, static_cast<double>(a.outputTokens),
                                           b.local.findings, static_cast<double>(b.outputTokens));
            if (audit)
                p.pAudit = store::ratesDifferPValue(
                    a.audit.findings, static_cast<double>(a.outputTokens), b.audit.findings,
                    static_cast<double>(b.outputTokens));
            pairs.push_back(p);
        }
    }
    return pairs;
}

/// "fp4" when a's rate is higher, else "bf16" (the worse one of the pair).
std::string worseOf(const PrecisionResult &a, const PrecisionResult &b, bool audit)
{
    const FindingTally &ta = audit ? a.audit : a.local;
    const FindingTally &tb = audit ? b.audit : b.local;
    return rateOf(ta.findings, a.outputTokens).perTenThousand
            >= rateOf(tb.findings, b.outputTokens).perTenThousand
        ? a.precision
        : b.precision;
}

const PrecisionResult &byName(const std::vector<PrecisionResult> &results, const std::string &p)
{
    for (const PrecisionResult &r : results)
        if (r.precision == p)
            return r;
    return results.front();
}

nlohmann::json reportJson(const BenchQualityArgs &args, const std::vector<BenchPrompt> &prompts,
                          const std::vector<PrecisionResult> &results,
                          const std::vector<PairResult> &pairs)
{
    nlohmann::json precisions = nlohmann::json::array();
    for (const PrecisionResult &r : results) {
        nlohmann::json p = {{"precision", r.precision},
                            {"replies", r.replies},
                            {"failed", r.failed},
                            {"output_tokens", r.outputTokens},
                            {"cost_usd", r.costUsd},
                            {"served_by", r.servedBy},
                            {"local", tallyJson(r.local, r.outputTokens)}};
        if (args.audit) {
            p["audit"] = tallyJson(r.audit, r.outputTokens);
            p["audit"]["audits"] = r.audits;
            p["audit"]["failed"] = r.auditsFailed;
        }
        precisions.push_back(std::move(p));
    }
    nlohmann::json pairList = nlohmann::json::array();
    for (const PairResult &p : pairs) {
        const PrecisionResult &a = byName(results, p.a);
        const PrecisionResult &b = byName(results, p.b);
        nlohmann::json item = {{"a", p.a},
                               {"b", p.b},
                               {"p_value", p.pLocal},
                               {"significant", p.pLocal < 0.05},
                               {"worse", worseOf(a, b, false)}};
        if (p.pAudit) {
            item["audit_p_value"] = *p.pAudit;
            item["audit_significant"] = *p.pAudit < 0.05;
            item["audit_worse"] = worseOf(a, b, true);
        }
        pairList.push_back(std::move(item));
    }
    nlohmann::json promptIds = nlohmann::json::array();
    for (const BenchPrompt &p : prompts)
        promptIds.push_back(p.id);
    return {{"model", args.model}, {"runs", args.runs},        {"prompts", promptIds},
            {"audit", args.audit}, {"precisions", precisions}, {"pairs", pairList}};
}

void printReport(const BenchQualityArgs &args, const std::vector<BenchPrompt> &prompts,
                 const std::vector<PrecisionResult> &results, const std::vector<PairResult> &pairs)
{
    std::cout << "bench-quality " << args.model << ": " << prompts.size() << " prompts × "
              << args.runs << " runs per precision\n\n"
              << "precision\treplies\tfailed\toutput tokens\tfindings\tper 10k tokens\t95 % CI\t"
                 "served by\n";
    for (const PrecisionResult &r : results) {
        const Rate rate = rateOf(r.local.findings, r.outputTokens);
        std::string served;
        for (const auto &[name, count] : r.servedBy)
            served += (served.empty() ? "" : ", ") + name + " " + std::to_string(count);
        std::cout << r.precision << '\t' << r.replies << '\t' << r.failed << '\t' << r.outputTokens
                  << '\t' << r.local.findings << '\t' << fixedText(rate.perTenThousand, 2) << '\t'
                  << fixedText(rate.low, 2) << "–" << fixedText(rate.high, 2) << '\t'
                  << (served.empty() ? "-" : served) << '\n';
    }
    std::cout << "\nby kind (local checks)\n";
    for (const PrecisionResult &r : results) {
        std::cout << r.precision << ':';
        if (r.local.byKind.empty())
            std::cout << " none";
        for (const auto &[kind, count] : r.local.byKind)
            std::cout << ' ' << kind << ' ' << count;
        std::cout << '\n';
    }
    if (args.audit) {
        std::cout << "\ncontinuity audit\nprecision\taudits\tfailed\tfindings\tper 10k tokens\t"
                     "95 % CI\n";
        for (const PrecisionResult &r : results) {
            const Rate rate = rateOf(r.audit.findings, r.outputTokens);
            std::cout << r.precision << '\t' << r.audits << '\t' << r.auditsFailed << '\t'
                      << r.audit.findings << '\t' << fixedText(rate.perTenThousand, 2) << '\t'
                      << fixedText(rate.low, 2) << "–" << fixedText(rate.high, 2) << '\n';
        }
    }
    if (!pairs.empty())
        std::cout << "\npairs (two-sided test of the rates, significant when p < 0.05)\n";
    for (const PairResult &p : pairs) {
        const PrecisionResult &a = byName(results, p.a);
        const PrecisionResult &b = byName(results, p.b);
        std::cout << p.a << " vs " << p.b << ": p = " << fixedText(p.pLocal, 4) << ", "
                  << (p.pLocal < 0.05 ? "significant, " + worseOf(a, b, false) + " writes worse"
                                      : std::string("no significant difference"));
        if (p.pAudit)
            std::cout << "; audit p = " << fixedText(*p.pAudit, 4)
                      << (*p.pAudit < 0.05 ? ", significant" : ", not significant");
        std::cout << '\n';
    }
}

int runBenchQuality(const GlobalOptions &options, const BenchQualityArgs &args)
{
    if (args.language != "en" && args.language != "zh" && args.language != "both")
        return reportError(options,
                           Error{ErrorCode::InvalidArgument,
                                 "--language is en, zh or both, not '" + args.language + "'.",
                                 {}});
    auto prompts = shippedPrompts(args.language);
    if (!prompts)
        return reportError(options, prompts.error());
    auto config = loadRoutingConfig(options);
    if (!config)
        return reportError(options, config.error());
    // The static strategy sends each run's pinned provider object as it is.
    config->routing.strategy = routing::StrategyKind::Static;
    const routing::RoutingConfig base = *config;
    auto runtime = startQualityRuntime(options, std::move(*config), args.model, std::nullopt);
    if (!runtime)
        return reportError(options, runtime.error());

    std::vector<PrecisionResult> results;
    std::vector<std::unique_ptr<novel::PipelineRun>> runs;
    for (const std::string &precision : args.precisions) {
        novel::RunRouting routing;
        routing.config = pinnedConfig(base, args.model, precision);
        routing.model = args.model;
        runs.push_back(runtime->pipeline->openRun(std::move(routing)));
        results.push_back(PrecisionResult{precision, 0, 0, 0, 0, {}, {}, {}, 0, 0});
    }
    // The audit reads with the config's own routing, the same for every precision.
    novel::PipelineContext auditContext = runtime->pipeline->context(novel::PipelineOptions{});

    // Round-robin over precisions, so a market that changes over time treats them alike.
    for (int run = 0; run < args.runs; ++run) {
        for (const BenchPrompt &prompt : *prompts) {
            for (std::size_t i = 0; i < runs.size(); ++i) {
                PrecisionResult &r = results[i];
                novel::PipelineContext context = runs[i]->context(novel::PipelineOptions{});
                novel::GenerationTask task;
                task.stage = "benchmark";
                task.request.model = args.model;
                task.request.messages = {{"user", prompt.text}};
                task.request.maxTokens = args.maxTokens;
                task.request.temperature = 0.8;
                task.request.fallbackModels = std::vector<std::string>{};
                const novel::GenerationOutcome outcome = novel::runStep(context, task);
                r.costUsd += outcome.result.totalCostUsd();
                if (!outcome.result.ok() || outcome.result.text.empty()) {
                    ++r.failed;
                    if (!options.json)
                        std::cerr << r.precision << ' ' << prompt.id << " run " << run + 1 << ": "
                                  << (outcome.result.error ? outcome.result.error->message
                                                           : std::string("empty reply"))
                                  << '\n';
                    continue;
                }
                ++r.replies;
                ++r.servedBy[outcome.result.provider + " " + outcome.result.quantization];
                if (const routing::AttemptRecord *a = outcome.result.finalAttempt())
                    r.outputTokens += a->completionTokens;
                novel::QualityContext check;
                check.stage = "draft";
                check.language = prompt.language;
                check.finishReason = outcome.result.finishReason;
                for (const novel::QualityFinding &f :
                     novel::checkQuality(outcome.result.text, check)) {
                    ++r.local.findings;
                    ++r.local.byKind[std::string(novel::qualityKindName(f.kind))];
                }
                if (!args.audit)
                    continue;
                novel::ChapterContext story;
                story.language = prompt.language;
                story.bible = prompt.bible;
                auto audit = novel::runAudit(auditContext, story, outcome.result.text, std::nullopt,
                                             std::nullopt);
                if (!audit) {
                    ++r.auditsFailed;
                    continue;
                }
                ++r.audits;
                for (const novel::AuditFinding &f : audit->findings) {
                    ++r.audit.findings;
                    ++r.audit.byKind[f.finding.severity == novel::QualitySeverity::Major ? "major"
                                                                                         : "minor"];
                }
            }
        }
    }
    const std::vector<PairResult> pairs = comparePairs(results, args.audit);
    if (options.json)
        std::cout << reportJson(args, *prompts, results, pairs).dump() << '\n';
    else
        printReport(args, *prompts, results, pairs);
    for (const PrecisionResult &r : results)
        if (r.replies > 0)
            return kExitOk;
    return kExitFailed;
}

} // namespace

void addBenchQualityCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<BenchQualityArgs>();
    CLI::App *cmd
        = app.add_subcommand("bench-quality",
                             "Compare what endpoints pinned at each precision write: local quality "
                             "checks (and --audit) on the same shipped prompts, rates with 95 % "
                             "intervals and significance");
    cmd->add_option("--model", args->model, "Model id, e.g. meta-llama/llama-3.3-70b-instruct")
        ->required();
    cmd->add_option("--precisions", args->precisions, "Precisions to compare, e.g. fp8,bf16")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--runs", args->runs, "Runs of every prompt per precision")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    cmd->add_option("--max-tokens", args->maxTokens, "Output tokens per reply")
        ->capture_default_str()
        ->check(CLI::Range(64, 8192));
    cmd->add_flag("--audit", args->audit,
                  "Also run the continuity audit (paid) on every reply against the prompt's "
                  "story facts");
    cmd->add_option("--language", args->language, "Prompts in en, zh or both")
        ->capture_default_str();
    cmd->callback([&options, &exitCode, args] { exitCode = runBenchQuality(options, *args); });
}

} // namespace scriptorium::cli
