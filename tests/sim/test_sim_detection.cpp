// Issue 15's detection target, measured against the simulator's truth: on the shipped
// bad-quality market, the local quality checks (novel::checkQuality) find ≥ 95 % of the defects
// the simulator says it injected, per kind, and flag ≤ 2 % of the clean endpoints' replies, in
// English and in Chinese. The rates are printed (docs/quality.md quotes them).
#include "novel/quality_checks.h"
#include "sim/sim_server.h"
#include "sim_test_client.h"

#include <QtTest>

#include <map>
#include <set>
#include <string>

using namespace scriptorium;
using nlohmann::json;

namespace {

const char *kModel = "meta-llama/llama-3.3-70b-instruct";

/// An outline step's schema, as the pipeline's JSON steps send it.
const json kOutlineSchema = {
    {"type", "object"},
    {"properties",
     {{"title", {{"type", "string"}}},
      {"chapters",
       {{"type", "array"},
        {"minItems", 2},
        {"maxItems", 3},
        {"items",
         {{"type", "object"},
          {"properties",
           {{"number", {{"type", "integer"}, {"minimum", 1}}}, {"summary", {{"type", "string"}}}}},
          {"required", {"number", "summary"}}}}}}}},
    {"required", {"title", "chapters"}}};

/// One non-streamed reply pinned to `endpoint`, with what the simulator says it injected.
struct Checked {
    bool ok = false;
    std::set<std::string> injected;
    std::set<std::string> found; ///< kinds of the findings that blame the endpoint
};

Checked serveAndCheck(sim::SimServer &server, const std::string &endpoint,
                      const std::string &prompt, const std::string &language,
                      const std::string &stage)
{
    json body = simtest::chat(kModel, prompt, false, 3000);
    body["provider"] = {{"only", {endpoint}}};
    const simtest::Reply reply = simtest::post(server.port(), body);
    Checked out;
    const json j = reply.json();
    if (reply.status != 200 || !j.contains("choices"))
        return out;
    const std::string id = j.value("id", std::string());
    for (const json &t : server.truth())
        if (t.value("generation_id", std::string()) == id)
            for (const json &d : t.value("defects", json::array()))
                out.injected.insert(d.get<std::string>());
    novel::QualityContext context;
    context.stage = stage;
    context.language = language;
    context.finishReason = j["choices"][0].value("finish_reason", std::string());
    if (stage == "outline")
        context.schema = kOutlineSchema;
    const std::string text = j["choices"][0]["message"].value("content", std::string());
    for (const novel::QualityFinding &f : novel::checkQuality(text, context))
        if (novel::blamesEndpoint(f.kind, f.severity))
            out.found.insert(std::string(novel::qualityKindName(f.kind)));
    out.ok = true;
    return out;
}

std::string prompt(const std::string &language, int i)
{
    return language == "zh"
        ? "请写下一章，讲述雨夜里港口发生的事情。第" + std::to_string(i) + "节"
        : "Write the next chapter of the story, part " + std::to_string(i) + ".";
}

std::string outlinePrompt(int i)
{
    return "Outline the book, part " + std::to_string(i) + ".\n<schema>" + kOutlineSchema.dump()
        + "</schema>";
}

} // namespace

class TestSimDetection : public QObject {
    Q_OBJECT

private slots:
    void checksFindWhatTheSimulatorInjected_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("en");
        QTest::newRow("zh") << QStringLiteral("zh");
    }

    void checksFindWhatTheSimulatorInjected()
    {
        QFETCH(QString, language);
        sim::SimServer server(sim::SimOptions{"bad-quality", 0.0005, 41, {}, 0});
        QVERIFY(server.start().has_value());
        std::map<std::string, int> injected, found;
        const char *bad[] = {"deepinfra/fp4", "novita/fp8"};
        for (int i = 0; i < 160; ++i) {
            const Checked c = serveAndCheck(server, bad[i % 2], prompt(language.toStdString(), i),
                                            language.toStdString(), "draft");
            QVERIFY(c.ok);
            for (const std::string &kind : c.injected) {
                ++injected[kind];
                found[kind] += c.found.contains(kind) ? 1 : 0;
            }
        }
        for (const char *kind : {"repetition", "language_drift", "truncation", "meta_text"}) {
            const double rate = injected[kind] > 0 ? double(found[kind]) / injected[kind] : 0;
            qInfo("%s %s: found %d of %d injected (%.1f %%)", qPrintable(language), kind,
                  found[kind], injected[kind], 100 * rate);
            QVERIFY2(injected[kind] >= 20, kind);
            QVERIFY2(rate >= 0.95, kind);
        }
    }

    void brokenJsonIsFound()
    {
        sim::SimServer server(sim::SimOptions{"bad-quality", 0.0005, 43, {}, 0});
        QVERIFY(server.start().has_value());
        int injected = 0, found = 0;
        for (int i = 0; i < 120; ++i) {
            const Checked c = serveAndCheck(server, i % 2 ? "novita/fp8" : "deepinfra/fp4",
                                            outlinePrompt(i), "en", "outline");
            QVERIFY(c.ok);
            if (c.injected.contains("broken_json")) {
                ++injected;
                found += c.found.contains("broken_json") ? 1 : 0;
            }
        }
        qInfo("broken_json: found %d of %d injected", found, injected);
        QVERIFY(injected >= 20);
        QVERIFY(found >= 0.95 * injected);
    }

    void cleanEndpointsAreRarelyFlagged_data() { checksFindWhatTheSimulatorInjected_data(); }

    void cleanEndpointsAreRarelyFlagged()
    {
        QFETCH(QString, language);
        sim::SimServer server(sim::SimOptions{"bad-quality", 0.0005, 47, {}, 0});
        QVERIFY(server.start().has_value());
        const char *clean[] = {"deepinfra/bf16", "parasail/bf16", "together/turbo", "gmicloud/fp8"};
        int replies = 0, flagged = 0;
        for (int i = 0; i < 200; ++i) {
            const Checked c = serveAndCheck(server, clean[i % 4], prompt(language.toStdString(), i),
                                            language.toStdString(), "draft");
            QVERIFY(c.ok);
            QVERIFY(c.injected.empty());
            ++replies;
            flagged += c.found.empty() ? 0 : 1;
        }
        qInfo("%s clean replies flagged: %d of %d", qPrintable(language), flagged, replies);
        QVERIFY(flagged <= 0.02 * replies);
    }
};

QTEST_GUILESS_MAIN(TestSimDetection)
#include "test_sim_detection.moc"
