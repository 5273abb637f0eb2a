// Routing validation, offline (built-in knowledge) and online (against a scripted catalog).
#include "routing/routing_validator.h"

#include "fake_catalog_source.h"
#include "routing/model_catalog.h"

#include <fstream>

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::routing;
using nlohmann::json;

namespace {

json seedDoc()
{
    return json::parse(defaultRoutingConfigText());
}

/// The seed's original config (Lambda, the 16 model ids), shipped as an example.
json seedExampleDoc()
{
    const QString path = qEnvironmentVariable("SCRIPTORIUM_SOURCE_DIR")
        + QStringLiteral("/resources/routing/seed-example.json");
    std::ifstream in(path.toStdString());
    return json::parse(in, nullptr, false);
}

RoutingConfig seedExample()
{
    auto config = RoutingConfig::fromJson(seedExampleDoc());
    return config ? *config : RoutingConfig{};
}

bool hasFinding(const ValidationReport &r, std::string_view rule, std::string_view path,
                Severity severity)
{
    for (const ValidationFinding &f : r.findings) {
        if (f.rule == rule && f.path == path && f.severity == severity)
            return true;
    }
    return false;
}

QByteArray dump(const ValidationReport &r)
{
    QByteArray out;
    for (const ValidationFinding &f : r.findings)
        out += QByteArray(severityName(f.severity).data()) + ' ' + f.rule.c_str() + ' '
            + f.path.c_str() + '\n';
    return out;
}

} // namespace

class TestRoutingValidator : public QObject {
    Q_OBJECT

private slots:
    void defaultOfflineIsClean();
    void seedExampleOfflineIsHonest();
    void offlineRules_data();
    void offlineRules();
    void routingSectionAccepted_data();
    void routingSectionAccepted();
    void everyFindingHasMessageAndFix();
    void seedExampleOnline();
    void onlineRules_data();
    void onlineRules();
    void onlineUsesStaleCacheWhenOffline();
    void onlineWithoutCatalog();
};

void TestRoutingValidator::defaultOfflineIsClean()
{
    const ValidationReport r = validateOffline(seedDoc());
    QVERIFY2(r.findings.empty(), dump(r));
}

void TestRoutingValidator::seedExampleOfflineIsHonest()
{
    QVERIFY(!seedExampleDoc().is_discarded());
    const ValidationReport r = validateOffline(seedExampleDoc());
    // Lambda is still in the seed's order: reported, not hidden, with a fix.
    QVERIFY2(hasFinding(r, "provider_retired", "/provider/order/0", Severity::Warning), dump(r));
    // The seed's model list: grok/grok-beta is not an id; the retired ids are flagged.
    QVERIFY2(hasFinding(r, "model_id_invalid", "/offered_models/13", Severity::Warning), dump(r));
    QVERIFY2(hasFinding(r, "model_retired", "/offered_models/14", Severity::Warning), dump(r));
    QVERIFY2(hasFinding(r, "model_retired", "/offered_models/8", Severity::Warning), dump(r));
    // Warnings only: with allow_fallbacks OpenRouter skips Lambda, so it still routes.
    QVERIFY2(r.valid(), dump(r));
}

void TestRoutingValidator::offlineRules_data()
{
    QTest::addColumn<QByteArray>("patch"); // JSON merge patch onto the default
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("severity");

    const int E = int(Severity::Error);
    const int W = int(Severity::Warning);
    const int I = int(Severity::Info);
    QTest::newRow("grok as default")
        << QByteArray(R"({"default_model":"grok/grok-beta"})") << "model_id_invalid"
        << "/default_model" << E;
    QTest::newRow("retired fallback")
        << QByteArray(R"({"models":["x-ai/grok-beta"]})") << "model_retired"
        << "/models/0" << E;
    QTest::newRow("wrong prefix") << QByteArray(R"({"models":["xai/grok-4"]})")
                                  << "model_id_invalid"
                                  << "/models/0" << E;
    QTest::newRow("no slash") << QByteArray(R"({"default_model":"gpt-4"})") << "model_id_invalid"
                              << "/default_model" << E;
    QTest::newRow("four fallbacks")
        << QByteArray(R"({"models":["a/b","c/d","e/f","g/h"]})") << "models_too_many"
        << "/models" << E;
    QTest::newRow("quantization enum")
        << QByteArray(R"({"provider":{"quantizations":["FP8"]}})") << "quantization_value"
        << "/provider/quantizations/0" << E;
    QTest::newRow("degrade enum") << QByteArray(R"({"degrade_to":["half"]})")
                                  << "quantization_value"
                                  << "/degrade_to/0" << E;
    QTest::newRow("sort value") << QByteArray(R"({"provider":{"sort":"fastest"}})") << "type"
                                << "/provider/sort" << E;
    QTest::newRow("sort object partition")
        << QByteArray(R"({"provider":{"sort":{"by":"price","partition":"all"}}})") << "type"
        << "/provider/sort/partition" << E;
    QTest::newRow("data_collection")
        << QByteArray(R"({"provider":{"data_collection":"maybe"}})") << "type"
        << "/provider/data_collection" << E;
    QTest::newRow("allow_fallbacks type")
        << QByteArray(R"({"provider":{"allow_fallbacks":"yes"}})") << "type"
        << "/provider/allow_fallbacks" << E;
    QTest::newRow("required field") << QByteArray(R"({"provider":{"sort":null}})") << "required"
                                    << "/provider/sort" << E;
    QTest::newRow("provider missing") << QByteArray(R"({"provider":null})") << "required"
                                      << "/provider" << E;
    QTest::newRow("unknown provider key")
        << QByteArray(R"({"provider":{"experimental":{}}})") << "unknown_key"
        << "/provider/experimental" << E;
    QTest::newRow("unknown top key") << QByteArray(R"({"providers":{}})") << "unknown_key"
                                     << "/providers" << W;
    QTest::newRow("max_price negative")
        << QByteArray(R"({"provider":{"max_price":{"prompt":-1}}})") << "range"
        << "/provider/max_price/prompt" << E;
    QTest::newRow("max_price per token")
        << QByteArray(R"({"provider":{"max_price":{"completion":"0.0000006"}}})")
        << "max_price_unit"
        << "/provider/max_price/completion" << W;
    QTest::newRow("max_price garbage")
        << QByteArray(R"({"provider":{"max_price":{"prompt":"cheap"}}})") << "type"
        << "/provider/max_price/prompt" << E;
    QTest::newRow("retry range") << QByteArray(R"({"retry":{"max_attempts":0}})") << "range"
                                 << "/retry/max_attempts" << E;
    QTest::newRow("retry many") << QByteArray(R"({"retry":{"max_attempts":5}})") << "retry_attempts"
                                << "/retry/max_attempts" << W;
    QTest::newRow("backoff order")
        << QByteArray(R"({"retry":{"base_backoff_ms":1000,"max_backoff_ms":10}})") << "range"
        << "/retry/max_backoff_ms" << E;
    QTest::newRow("watchdog negative")
        << QByteArray(R"({"watchdogs":{"idle_stall_ms":-5}})") << "range"
        << "/watchdogs/idle_stall_ms" << E;
    QTest::newRow("budget negative") << QByteArray(R"({"budget":{"max_usd":-1}})") << "range"
                                     << "/budget/max_usd" << E;
    QTest::newRow("version") << QByteArray(R"({"version":2})") << "range"
                             << "/version" << E;
    QTest::newRow("unknown provider name")
        << QByteArray(R"({"provider":{"order":["DeepInfra","Acme GPU"]}})") << "provider_unverified"
        << "/provider/order/1" << I;
    QTest::newRow("lambda in only")
        << QByteArray(R"({"provider":{"only":["lambda"]}})") << "provider_retired"
        << "/provider/only/0" << W;
    QTest::newRow("override model id")
        << QByteArray(R"({"model_overrides":{"grok/grok-beta":{}}})") << "model_id_invalid"
        << "/model_overrides/grok~1grok-beta" << E;
    QTest::newRow("override provider")
        << QByteArray(R"({"model_overrides":{"a/b":{"provider":{"quantizations":["fp9"]}}}})")
        << "quantization_value"
        << "/model_overrides/a~1b/provider/quantizations/0" << E;
    QTest::newRow("distillable type")
        << QByteArray(R"({"provider":{"enforce_distillable_text":1}})") << "type"
        << "/provider/enforce_distillable_text" << E;
    QTest::newRow("throughput type")
        << QByteArray(R"({"provider":{"preferred_min_throughput":"30"}})") << "type"
        << "/provider/preferred_min_throughput" << E;
    QTest::newRow("throughput negative")
        << QByteArray(R"({"provider":{"preferred_min_throughput":-10}})") << "range"
        << "/provider/preferred_min_throughput" << E;
    QTest::newRow("latency percentile type")
        << QByteArray(R"({"provider":{"preferred_max_latency":{"p90":"2s"}}})") << "type"
        << "/provider/preferred_max_latency/p90" << E;
    QTest::newRow("latency percentile negative")
        << QByteArray(R"({"provider":{"preferred_max_latency":{"p50":-1}}})") << "range"
        << "/provider/preferred_max_latency/p50" << E;
    QTest::newRow("latency unknown percentile")
        << QByteArray(R"({"provider":{"preferred_max_latency":{"p95":3}}})") << "unknown_key"
        << "/provider/preferred_max_latency/p95" << E;
    QTest::newRow("override threshold")
        << QByteArray(R"({"model_overrides":{"a/b":{"provider":{"preferred_min_throughput":-1}}}})")
        << "range"
        << "/model_overrides/a~1b/provider/preferred_min_throughput" << E;
    QTest::newRow("routing not object") << QByteArray(R"({"routing":[]})") << "type"
                                        << "/routing" << E;
    QTest::newRow("routing unknown key")
        << QByteArray(R"({"routing":{"explore":0.1}})") << "unknown_key"
        << "/routing/explore" << E;
    QTest::newRow("strategy value") << QByteArray(R"({"routing":{"strategy":"smart"}})") << "type"
                                    << "/routing/strategy" << E;
    QTest::newRow("objective value") << QByteArray(R"({"routing":{"objective":"fast"}})") << "type"
                                     << "/routing/objective" << E;
    QTest::newRow("policy value") << QByteArray(R"({"routing":{"precision_policy":1}})") << "type"
                                  << "/routing/precision_policy" << E;
    QTest::newRow("exploration high")
        << QByteArray(R"({"routing":{"exploration_share":0.6}})") << "range"
        << "/routing/exploration_share" << E;
    QTest::newRow("exploration negative")
        << QByteArray(R"({"routing":{"exploration_share":-0.1}})") << "range"
        << "/routing/exploration_share" << E;
    QTest::newRow("cooldown_failures 0")
        << QByteArray(R"({"routing":{"cooldown_failures":0}})") << "range"
        << "/routing/cooldown_failures" << E;
    QTest::newRow("cooldown_failures 21")
        << QByteArray(R"({"routing":{"cooldown_failures":21}})") << "range"
        << "/routing/cooldown_failures" << E;
    QTest::newRow("cooldown negative") << QByteArray(R"({"routing":{"cooldown_ms":-1}})") << "range"
                                       << "/routing/cooldown_ms" << E;
    QTest::newRow("max cooldown below cooldown")
        << QByteArray(R"({"routing":{"cooldown_ms":60000,"max_cooldown_ms":1000}})") << "range"
        << "/routing/max_cooldown_ms" << E;
    QTest::newRow("cooldown above default max")
        << QByteArray(R"({"routing":{"cooldown_ms":400000,"max_cooldown_ms":null}})") << "range"
        << "/routing/cooldown_ms" << E;
    QTest::newRow("half-life zero") << QByteArray(R"({"routing":{"half_life_ms":0}})") << "range"
                                    << "/routing/half_life_ms" << E;
    QTest::newRow("half-life negative")
        << QByteArray(R"({"routing":{"half_life_ms":-5}})") << "range"
        << "/routing/half_life_ms" << E;
    QTest::newRow("history days") << QByteArray(R"({"routing":{"history_days":91}})") << "range"
                                  << "/routing/history_days" << E;
    QTest::newRow("history days type")
        << QByteArray(R"({"routing":{"history_days":1.5}})") << "type"
        << "/routing/history_days" << E;
    QTest::newRow("min_throughput negative")
        << QByteArray(R"({"routing":{"min_throughput":-3}})") << "range"
        << "/routing/min_throughput" << E;
    QTest::newRow("acceptable precision value")
        << QByteArray(R"({"routing":{"acceptable_precisions":["fp8","FP16"]}})")
        << "quantization_value"
        << "/routing/acceptable_precisions/1" << E;
    QTest::newRow("fastest with empty list") << QByteArray(
        R"({"routing":{"precision_policy":"fastest_acceptable","acceptable_precisions":[]}})")
                                             << "acceptable_precisions_empty"
                                             << "/routing/acceptable_precisions" << E;
    QTest::newRow("fastest without fp8") << QByteArray(
        R"({"routing":{"precision_policy":"fastest_acceptable","acceptable_precisions":["fp16","bf16"]}})")
                                         << "acceptable_precisions_without_fp8"
                                         << "/routing/acceptable_precisions" << W;
    QTest::newRow("fp8_first with a list") << QByteArray(
        R"({"routing":{"precision_policy":"fp8_first","acceptable_precisions":["fp8","fp4"]}})")
                                           << "acceptable_precisions_unused"
                                           << "/routing/acceptable_precisions" << I;
    QTest::newRow("stage unknown")
        << QByteArray(R"({"stages":{"drafts":{"objective":"cost"}}})") << "stage_unknown"
        << "/stages/drafts" << E;
    QTest::newRow("stage upper case") << QByteArray(R"({"stages":{"Draft":{}}})") << "stage_unknown"
                                      << "/stages/Draft" << E;
    QTest::newRow("stages not an object") << QByteArray(R"({"stages":["draft"]})") << "type"
                                          << "/stages" << E;
    QTest::newRow("stage not an object") << QByteArray(R"({"stages":{"draft":"cost"}})") << "type"
                                         << "/stages/draft" << E;
    QTest::newRow("stage unknown key")
        << QByteArray(R"({"stages":{"draft":{"routing":{"objective":"cost"}}}})") << "unknown_key"
        << "/stages/draft/routing" << E;
    QTest::newRow("stage objective")
        << QByteArray(R"({"stages":{"draft":{"objective":"cheap"}}})") << "type"
        << "/stages/draft/objective" << E;
    QTest::newRow("stage precision_policy")
        << QByteArray(R"({"stages":{"summary":{"precision_policy":"fp8"}}})") << "type"
        << "/stages/summary/precision_policy" << E;
    QTest::newRow("stage min_throughput negative")
        << QByteArray(R"({"stages":{"draft":{"min_throughput":-5}}})") << "range"
        << "/stages/draft/min_throughput" << E;
    QTest::newRow("stage min_throughput type")
        << QByteArray(R"({"stages":{"draft":{"min_throughput":"fast"}}})") << "type"
        << "/stages/draft/min_throughput" << E;
    QTest::newRow("stage quantization")
        << QByteArray(R"({"stages":{"draft":{"provider":{"quantizations":["FP8"]}}}})")
        << "quantization_value"
        << "/stages/draft/provider/quantizations/0" << E;
    QTest::newRow("stage degrade_to")
        << QByteArray(R"({"stages":{"finalize":{"degrade_to":["half"]}}})") << "quantization_value"
        << "/stages/finalize/degrade_to/0" << E;
    QTest::newRow("stage provider unknown key")
        << QByteArray(R"({"stages":{"draft":{"provider":{"speed":1}}}})") << "unknown_key"
        << "/stages/draft/provider/speed" << E;
    QTest::newRow("stage provider sort")
        << QByteArray(R"({"stages":{"draft":{"provider":{"sort":"cheapest"}}}})") << "type"
        << "/stages/draft/provider/sort" << E;
    QTest::newRow("stage provider retired")
        << QByteArray(R"({"stages":{"draft":{"provider":{"order":["Lambda"]}}}})")
        << "provider_retired"
        << "/stages/draft/provider/order/0" << W;
    QTest::newRow("stage acceptable empty") << QByteArray(
        R"({"stages":{"draft":{"precision_policy":"fastest_acceptable","acceptable_precisions":[]}}})")
                                            << "acceptable_precisions_empty"
                                            << "/stages/draft/acceptable_precisions" << E;
    // The stage sets the policy; the routing section's empty list is what it would use.
    QTest::newRow("stage inherits an empty list") << QByteArray(
        R"({"routing":{"acceptable_precisions":[]},"stages":{"draft":{"precision_policy":"fastest_acceptable"}}})")
                                                  << "acceptable_precisions_empty"
                                                  << "/stages/draft/precision_policy" << E;
    QTest::newRow("stage without fp8") << QByteArray(
        R"({"stages":{"summary":{"precision_policy":"fastest_acceptable","acceptable_precisions":["bf16"]}}})")
                                       << "acceptable_precisions_without_fp8"
                                       << "/stages/summary/acceptable_precisions" << W;
    QTest::newRow("stage list unused")
        << QByteArray(R"({"stages":{"draft":{"acceptable_precisions":["fp8","fp4"]}}})")
        << "acceptable_precisions_unused"
        << "/stages/draft/acceptable_precisions" << I;
    QTest::newRow("stage routing with static") << QByteArray(
        R"({"routing":{"strategy":"static"},"stages":{"draft":{"objective":"cost"}}})")
                                               << "stage_routing_unused"
                                               << "/stages/draft" << I;
    QTest::newRow("fallbacks off")
        << QByteArray(R"({"provider":{"allow_fallbacks":false,"order":[]}})")
        << "fallbacks_without_order"
        << "/provider/allow_fallbacks" << W;
}

void TestRoutingValidator::offlineRules()
{
    QFETCH(QByteArray, patch);
    QFETCH(QString, rule);
    QFETCH(QString, path);
    QFETCH(int, severity);
    json doc = seedDoc();
    doc.merge_patch(json::parse(patch.toStdString()));
    // merge_patch deletes keys set to null: that is how the "missing" rows remove a field.
    const ValidationReport r = validateOffline(doc);
    QVERIFY2(hasFinding(r, rule.toStdString(), path.toStdString(), Severity(severity)), dump(r));
    QCOMPARE(r.valid(), Severity(severity) != Severity::Error);
}

void TestRoutingValidator::routingSectionAccepted_data()
{
    QTest::addColumn<QByteArray>("patch");
    QTest::newRow("static") << QByteArray(R"({"routing":{"strategy":"static"}})");
    QTest::newRow("bounds") << QByteArray(R"({"routing":{"exploration_share":0.5,
        "cooldown_failures":20,"cooldown_ms":0,"max_cooldown_ms":0,"history_days":90,
        "min_throughput":0}})");
    QTest::newRow("fastest with fp8")
        << QByteArray(R"({"routing":{"precision_policy":"fastest_acceptable",
                          "acceptable_precisions":["bf16","fp8"]}})");
    QTest::newRow("fp8_first with the default list reordered")
        << QByteArray(R"({"routing":{"acceptable_precisions":["bf16","fp16","fp8"]}})");
    QTest::newRow("no routing section") << QByteArray(R"({"routing":null})");
    QTest::newRow("no stages") << QByteArray(R"({"stages":null})");
    QTest::newRow("cheap drafts, better finalize") << QByteArray(R"({"stages":{
        "draft":{"objective":"cost","min_throughput":20,"provider":{"quantizations":["fp8"]}},
        "finalize":{"objective":"speed","provider":{"order":["fireworks"]},"degrade_to":["bf16"]}}})");
    QTest::newRow("every stage") << QByteArray(R"({"stages":{"bible":{},"outline":{},"draft":{},
        "continue":{},"finalize":{},"summary":{},"global_summary":{},"character_states":{},
        "rewrite":{},"expand":{}}})");
    QTest::newRow("stage fastest acceptable") << QByteArray(R"({"stages":{"summary":{
        "precision_policy":"fastest_acceptable","acceptable_precisions":["fp8","fp4"]}}})");
    QTest::newRow("stage list with the routing section's policy") << QByteArray(R"({
        "routing":{"precision_policy":"fastest_acceptable"},
        "stages":{"draft":{"acceptable_precisions":["fp8","bf16"],"min_throughput":0}}})");
    QTest::newRow("static with provider-only stages") << QByteArray(R"({
        "routing":{"strategy":"static"},"stages":{"draft":{"provider":{"order":["novita"]}}}})");
    QTest::newRow("thresholds") << QByteArray(R"({"provider":{"enforce_distillable_text":false,
            "preferred_min_throughput":{"p50":30,"p90":10},"preferred_max_latency":0.5}})");
}

void TestRoutingValidator::routingSectionAccepted()
{
    QFETCH(QByteArray, patch);
    json doc = seedDoc();
    doc.merge_patch(json::parse(patch.toStdString()));
    const ValidationReport r = validateOffline(doc);
    QVERIFY2(r.findings.empty(), dump(r));
    QVERIFY(RoutingConfig::fromJson(doc).has_value());
}

void TestRoutingValidator::everyFindingHasMessageAndFix()
{
    json doc = seedDoc();
    doc.merge_patch(json::parse(R"({"default_model":"grok/grok-beta","models":["a","b","c","d"],
        "provider":{"quantizations":["fp9"],"sort":"fast","max_price":{"prompt":-1}},
        "retry":{"max_attempts":99},
        "routing":{"strategy":"x","cooldown_failures":0,"half_life_ms":0,"typo":1,
                   "precision_policy":"fastest_acceptable","acceptable_precisions":[]},
        "stages":{"drafts":{},"draft":{"objective":"x","typo":1,"min_throughput":-1,
                  "provider":{"quantizations":["q"]}},"summary":[]}})"));
    const ValidationReport r = validateOffline(doc);
    QVERIFY(r.count(Severity::Error) >= 16);
    for (const ValidationFinding &f : r.findings) {
        QVERIFY2(!f.message.empty(), f.rule.c_str());
        QVERIFY2(!f.fix.empty(), f.rule.c_str());
        QVERIFY2(f.path.empty() || f.path.front() == '/', f.path.c_str());
    }
}

void TestRoutingValidator::seedExampleOnline()
{
    QTemporaryDir dir;
    auto source = std::make_shared<test::FakeCatalogSource>();
    test::fillMarket(*source);
    ModelCatalog catalog(source, {dir.path().toStdString(), std::chrono::hours(1), {}});
    const ValidationReport r = validateOnline(seedExample(), catalog);
    // Lambda is not in /providers: an error, saying why.
    QVERIFY2(hasFinding(r, "provider_retired", "/provider/order/0", Severity::Error), dump(r));
    const auto lambda = r.withRule("provider_retired");
    QVERIFY(lambda.front().message.find("2025-09-25") != std::string::npos);
    // grok/grok-beta and x-ai/grok-beta are not in /models.
    QVERIFY2(hasFinding(r, "model_not_found", "/offered_models/13", Severity::Warning), dump(r));
    QVERIFY2(hasFinding(r, "model_not_found", "/offered_models/14", Severity::Warning), dump(r));
    // qwen3-32b has no fp8 endpoint: degrades to bf16.
    QVERIFY2(hasFinding(r, "no_fp8_endpoint", "/models/2", Severity::Warning), dump(r));
    // Fireworks does not serve the default model; Together does at fp8.
    QVERIFY2(hasFinding(r, "provider_not_serving", "/provider/order/3", Severity::Warning),
             dump(r));
    QVERIFY(!r.valid());
}

void TestRoutingValidator::onlineRules_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("severity");
    const int E = int(Severity::Error);
    const int W = int(Severity::Warning);
    const int I = int(Severity::Info);
    const QByteArray base
        = R"("provider":{"order":["DeepInfra"],"allow_fallbacks":true,"sort":"throughput","quantizations":["fp8"])";
    QTest::newRow("unknown provider") << QByteArray(
        R"({"default_model":"meta-llama/llama-3.1-8b-instruct","provider":{"order":["Acme"],"quantizations":["fp8"]}})")
                                      << "provider_unknown"
                                      << "/provider/order/0" << E;
    QTest::newRow("unknown provider in a stage") << QByteArray(
        R"({"default_model":"meta-llama/llama-3.1-8b-instruct","provider":{"order":["DeepInfra"],"quantizations":["fp8"]},"stages":{"draft":{"provider":{"order":["DeepInfra","Acme"]}}}})")
                                                 << "provider_unknown"
                                                 << "/stages/draft/provider/order/1" << E;
    QTest::newRow("unknown model with hint")
        << (R"({"default_model":"meta/llama-3.1-8b-instruct",)" + base + "}}") << "model_not_found"
        << "/default_model" << E;
    QTest::newRow("provider lacks fp8") << QByteArray(
        R"({"default_model":"meta-llama/llama-3.1-8b-instruct","provider":{"order":["Novita"],"quantizations":["fp8"]}})")
                                        << "provider_lacks_precision"
                                        << "/provider/order/0" << W;
    QTest::newRow("no precision at all")
        << (R"({"default_model":"openai/gpt-4","degrade_to":["bf16"],)" + base + "}}")
        << "no_endpoint_at_precision"
        << "/default_model" << E;
    QTest::newRow("max_price excludes all") << QByteArray(
        R"({"default_model":"deepseek/deepseek-chat","provider":{"quantizations":["fp8"],"max_price":{"prompt":0.1,"completion":0.1}}})")
                                            << "max_price_excludes_all"
                                            << "/provider/max_price" << E;
    QTest::newRow("max_price excludes some") << QByteArray(
        R"({"default_model":"deepseek/deepseek-chat","provider":{"quantizations":["fp8"],"max_price":{"prompt":0.5,"completion":1}}})")
                                             << "max_price_excludes_some"
                                             << "/provider/max_price" << I;
    QTest::newRow("override precision") << QByteArray(
        R"({"default_model":"meta-llama/llama-3.1-8b-instruct","provider":{"quantizations":["fp8"]},"model_overrides":{"qwen/qwen3-32b":{"degrade_to":[]}}})")
                                        << "no_endpoint_at_precision"
                                        << "/model_overrides/qwen~1qwen3-32b" << E;
    QTest::newRow("endpoint slug not served") << QByteArray(
        R"({"default_model":"meta-llama/llama-3.3-70b-instruct","provider":{"order":["deepinfra/bf16"],"quantizations":["fp8"]}})")
                                              << "provider_not_serving"
                                              << "/provider/order/0" << W;
}

void TestRoutingValidator::onlineRules()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, rule);
    QFETCH(QString, path);
    QFETCH(int, severity);
    QTemporaryDir dir;
    auto source = std::make_shared<test::FakeCatalogSource>();
    test::fillMarket(*source);
    ModelCatalog catalog(source, {dir.path().toStdString(), std::chrono::hours(1), {}});
    const auto c = RoutingConfig::fromText(config.toStdString());
    QVERIFY2(c.has_value(), c ? "" : c.error().message.c_str());
    const ValidationReport r = validateOnline(*c, catalog);
    QVERIFY2(hasFinding(r, rule.toStdString(), path.toStdString(), Severity(severity)), dump(r));
    if (rule == QLatin1String("model_not_found"))
        QVERIFY(r.withRule("model_not_found").front().fix.find("meta-llama/llama-3.1-8b-instruct")
                != std::string::npos);
}

void TestRoutingValidator::onlineUsesStaleCacheWhenOffline()
{
    QTemporaryDir dir;
    std::int64_t now = 1'000'000;
    auto source = std::make_shared<test::FakeCatalogSource>();
    test::fillMarket(*source);
    CatalogOptions options{dir.path().toStdString(), std::chrono::hours(1), [&now] {
                               return now;
                           }};
    {
        ModelCatalog warm(source, options);
        QVERIFY(validateOnline(seedExample(), warm).count(Severity::Error) > 0);
    }
    now += 7200; // past the TTL, and the network is down
    source->failWith = Error{ErrorCode::Transport, "connection refused", {}};
    ModelCatalog catalog(source, options);
    const ValidationReport r = validateOnline(seedExample(), catalog);
    QVERIFY2(hasFinding(r, "catalog_stale", "", Severity::Info), dump(r));
    QVERIFY2(hasFinding(r, "provider_retired", "/provider/order/0", Severity::Error), dump(r));
}

void TestRoutingValidator::onlineWithoutCatalog()
{
    QTemporaryDir dir;
    auto source = std::make_shared<test::FakeCatalogSource>();
    source->failWith = Error{ErrorCode::Transport, "connection refused", {}};
    ModelCatalog catalog(source, {dir.path().toStdString(), std::chrono::hours(1), {}});
    const ValidationReport r = validateOnline(RoutingConfig::defaults(), catalog);
    QVERIFY2(hasFinding(r, "catalog_unavailable", "", Severity::Error), dump(r));
    QVERIFY(!r.valid());
}

QTEST_APPLESS_MAIN(TestRoutingValidator)
#include "test_routing_validator.moc"
