// The market "quality" key: endpoints that write badly, and the truth that says how.

#include "sim/market.h"
#include "sim/sim_server.h"
#include "sim/text_bank.h"
#include "sim_test_client.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <string_view>

#include <QTemporaryDir>
#include <QtTest>

using namespace scriptorium;
using namespace scriptorium::sim;
using nlohmann::json;

namespace {

const char *kModel = "test/writer";
const char *kEnglishPrompt = "Write the next chapter of the story.";
const char *kChinesePrompt = "请写下一章，讲述雨夜里港口发生的事情。";
const std::array<std::string, 4> kProseDefects
    = {"repetition", "language_drift", "truncation", "meta_text"};

// A one-endpoint market; `quality` is the endpoint's "quality" value (null: no key).
json writerMarket(const json &quality)
{
    json endpoint = {{"provider", "alpha"},
                     {"quantization", "fp8"},
                     {"pricing", {{"prompt", "0.000001"}, {"completion", "0.000002"}}},
                     {"ttft_ms", {{"median", 100}, {"sigma", 0}}},
                     {"throughput_tps", {{"median", 2000}, {"sigma", 0}}}};
    if (!quality.is_null())
        endpoint["quality"] = quality;
    return {{"name", "quality-test"},
            {"completion_tokens", {{"min", 150}, {"max", 300}}},
            {"providers", {{{"name", "Alpha"}, {"slug", "alpha"}}}},
            {"models", {{{"id", kModel}, {"endpoints", {endpoint}}}}}};
}

json allAt(double p)
{
    return {{"repetition", p},
            {"language_drift", p},
            {"truncation", p},
            {"meta_text", p},
            {"broken_json", p}};
}

std::string jsonPrompt(int variant)
{
    return "Outline the book, part " + std::to_string(variant)
        + ".\n<schema>{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
          "\"chapters\":{\"type\":\"array\",\"minItems\":2,\"maxItems\":3,\"items\":{\"type\":"
          "\"object\",\"properties\":{\"number\":{\"type\":\"integer\",\"minimum\":1},"
          "\"summary\":{\"type\":\"string\"}}}}}}</schema>";
}

// True when `text` is the outline jsonPrompt() asks for, complete.
bool isWholeOutline(const std::string &text)
{
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("title")
        || !doc.contains("chapters") || !doc["chapters"].is_array())
        return false;
    return std::ranges::all_of(doc["chapters"], [](const json &c) {
        return c.is_object() && c.contains("number") && c.contains("summary");
    });
}

/// One served reply as the client saw it, with its truth record.
struct Served {
    std::string text;
    std::string finishReason;
    std::int64_t completionTokens = -1;
    json truth;
    std::vector<std::string> defects() const
    {
        return truth.value("defects", std::vector<std::string>{{"<no defects field>"}});
    }
};

Served serve(SimServer &server, const std::string &prompt, bool stream, int maxTokens = 4000)
{
    const json body = simtest::chat(kModel, prompt, stream, maxTokens);
    const simtest::Reply reply = simtest::post(server.port(), body);
    Served out;
    std::string id;
    if (stream) {
        const simtest::Sse sse = simtest::parseSse(reply.body);
        if (sse.events.size() < 2)
            return out;
        out.text = sse.text;
        id = sse.events.front().value("id", std::string());
        out.finishReason
            = sse.events[sse.events.size() - 2]["choices"][0].value("finish_reason", "");
        out.completionTokens = sse.events.back()["usage"].value("completion_tokens", -1);
    } else {
        const json j = reply.json();
        if (!j.contains("choices"))
            return out;
        out.text = j["choices"][0]["message"]["content"];
        out.finishReason = j["choices"][0]["finish_reason"];
        out.completionTokens = j["usage"]["completion_tokens"];
        id = j["id"];
    }
    for (const json &r : server.truth())
        if (r["generation_id"] == id)
            out.truth = r;
    return out;
}

std::vector<std::string> split(const std::string &text, std::string_view separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(separator, start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            parts.push_back(text.substr(start, end - start));
        start = end + separator.size();
    }
    return parts;
}

std::size_t longestRun(const std::vector<std::string> &units)
{
    std::size_t best = units.empty() ? 0 : 1, run = 1;
    for (std::size_t i = 1; i < units.size(); ++i) {
        run = units[i] == units[i - 1] ? run + 1 : 1;
        best = std::max(best, run);
    }
    return best;
}

std::vector<std::string> sentences(const std::string &text)
{
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        current += text[i];
        const std::string_view tail(current);
        if (tail.ends_with(". ") || tail.ends_with(".\n") || tail.ends_with("。")) {
            while (!current.empty() && (current.front() == ' ' || current.front() == '\n'))
                current.erase(0, 1);
            while (!current.empty() && (current.back() == ' ' || current.back() == '\n'))
                current.pop_back();
            out.push_back(current);
            current.clear();
        }
    }
    return out;
}

// What a reader would see of each defect.
bool shows(const std::string &defect, const std::string &text, bool chinese,
           const std::string &finishReason)
{
    if (defect == "repetition")
        return longestRun(sentences(text)) >= 4 || longestRun(split(text, "\n\n")) >= 3;
    if (defect == "language_drift")
        return std::ranges::any_of(split(text, "\n\n"), [&](const std::string &p) {
            return chinese ? countTokens(p) >= 5 && !isMostlyChinese(p) : isMostlyChinese(p);
        });
    if (defect == "truncation") {
        std::string_view t(text);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\n'))
            t.remove_suffix(1);
        const bool punctuated = t.ends_with(".") || t.ends_with("。") || t.ends_with("!")
            || t.ends_with("！") || t.ends_with(")") || t.ends_with("）") || t.ends_with("?");
        return finishReason == "stop" && !t.empty() && !punctuated;
    }
    if (defect == "meta_text") {
        const auto markers = chinese
            ? std::vector<std::string>{"以下是", "下面是", "这是您要的", "AI语言模型",
                                       "字数",   "希望",   "本章约"}
            : std::vector<std::string>{"Here is",    "Below is", "As an AI",
                                       "Word count", "I hope",   "Note:"};
        return std::ranges::any_of(
            markers, [&](const std::string &m) { return text.find(m) != std::string::npos; });
    }
    return false;
}

} // namespace

class TestSimQuality : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void qualityIsValidated_data()
    {
        QTest::addColumn<QString>("quality");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("named"); // a key the error message must name
        QTest::newRow("all five") << QString::fromStdString(allAt(0.3).dump()) << true << "";
        QTest::newRow("empty") << "{}" << true << "";
        QTest::newRow("bounds") << R"({"truncation": 0, "meta_text": 1})" << true << "";
        QTest::newRow("unknown key") << R"({"looping": 0.2})" << false << "looping";
        QTest::newRow("kind that is no defect") << R"({"length": 0.2})" << false << "length";
        QTest::newRow("above 1") << R"({"repetition": 1.5})" << false << "repetition";
        QTest::newRow("negative") << R"({"meta_text": -0.1})" << false << "meta_text";
        QTest::newRow("string") << R"({"broken_json": "0.3"})" << false << "broken_json";
        QTest::newRow("not an object") << "0.3" << false << "quality";
    }
    void qualityIsValidated()
    {
        QFETCH(QString, quality);
        QFETCH(bool, valid);
        QFETCH(QString, named);
        const auto market = parseMarket(writerMarket(json::parse(quality.toStdString())).dump());
        QCOMPARE(market.has_value(), valid);
        if (valid)
            return;
        QCOMPARE(market.error().code, ErrorCode::Config);
        // The message must lead the user to the endpoint and the key.
        const std::string &message = market.error().message;
        QVERIFY2(message.find("alpha/fp8") != std::string::npos, message.c_str());
        QVERIFY2(message.find(kModel) != std::string::npos, message.c_str());
        QVERIFY2(message.find(named.toStdString()) != std::string::npos, message.c_str());
    }

    void eachDefectAtCertainty_data()
    {
        QTest::addColumn<QString>("defect");
        QTest::addColumn<bool>("chinese");
        QTest::addColumn<bool>("stream");
        for (const std::string &d : kProseDefects)
            for (const bool chinese : {false, true})
                for (const bool stream : {false, true})
                    QTest::newRow(
                        (d + (chinese ? " zh" : " en") + (stream ? " stream" : "")).c_str())
                        << QString::fromStdString(d) << chinese << stream;
    }
    void eachDefectAtCertainty()
    {
        QFETCH(QString, defect);
        QFETCH(bool, chinese);
        QFETCH(bool, stream);
        const std::string name = defect.toStdString();
        const auto server = start(writerMarket({{name, 1.0}}), 5);
        for (int i = 0; i < 6; ++i) {
            const std::string prompt
                = std::string(chinese ? kChinesePrompt : kEnglishPrompt) + std::to_string(i);
            const Served s = serve(*server, prompt, stream);
            QCOMPARE(s.defects(), std::vector<std::string>{name});
            QVERIFY2(shows(name, s.text, chinese, s.finishReason), s.text.c_str());
            QCOMPARE(s.finishReason, std::string("stop"));
            // Usage counts exactly what was sent.
            QCOMPARE(static_cast<std::int64_t>(countTokens(s.text)), s.completionTokens);
            QCOMPARE(s.truth["completion_tokens"].get<std::int64_t>(), s.completionTokens);
            // The reply stays in its language, drift aside.
            QCOMPARE(isMostlyChinese(s.text), chinese);
        }
    }

    void allProseDefectsTogether()
    {
        const auto server = start(writerMarket(allAt(1.0)), 6);
        for (int i = 0; i < 8; ++i) {
            const bool chinese = i % 2 == 1;
            const Served s
                = serve(*server, (chinese ? kChinesePrompt : kEnglishPrompt) + std::to_string(i),
                        i % 3 == 0);
            std::vector<std::string> expected(kProseDefects.begin(), kProseDefects.end());
            std::vector<std::string> got = s.defects();
            std::ranges::sort(expected);
            std::ranges::sort(got);
            QCOMPARE(got, expected); // broken_json never touches prose
            for (const std::string &d : kProseDefects)
                QVERIFY2(shows(d, s.text, chinese, s.finishReason), (d + ": " + s.text).c_str());
            QCOMPARE(static_cast<std::int64_t>(countTokens(s.text)), s.completionTokens);
        }
    }

    void brokenJsonOnlyInJsonReplies()
    {
        const auto broken = start(writerMarket({{"broken_json", 1.0}}), 7);
        std::map<std::string, int> shapes;
        for (int i = 0; i < 12; ++i) {
            const Served s = serve(*broken, jsonPrompt(i), i % 2 == 0);
            QCOMPARE(s.defects(), std::vector<std::string>{"broken_json"});
            QVERIFY2(!isWholeOutline(s.text), s.text.c_str());
            QCOMPARE(s.truth["completion_tokens"].get<std::int64_t>(), s.completionTokens);
            const json doc = json::parse(s.text, nullptr, false);
            ++shapes[doc.is_discarded() ? "does not parse" : "field missing"];
        }
        QCOMPARE(shapes.size(), std::size_t{2}); // more than one way to break
        // Prose from the broken_json endpoint is untouched.
        const auto clean = start(writerMarket(json()), 7);
        for (int i = 0; i < 4; ++i) {
            const std::string prompt = kEnglishPrompt + std::to_string(i);
            const Served s = serve(*broken, prompt, false);
            QCOMPARE(s.defects(), std::vector<std::string>{});
            QCOMPARE(s.text, serve(*clean, prompt, false).text);
        }
        // An endpoint with every prose defect at certainty leaves JSON whole.
        const auto proseOnly = start(writerMarket({{"repetition", 1.0},
                                                   {"language_drift", 1.0},
                                                   {"truncation", 1.0},
                                                   {"meta_text", 1.0}}),
                                     7);
        for (int i = 0; i < 4; ++i) {
            const Served s = serve(*proseOnly, jsonPrompt(i), i % 2 == 1);
            QCOMPARE(s.defects(), std::vector<std::string>{});
            QVERIFY2(isWholeOutline(s.text), s.text.c_str());
        }
    }

    void cleanEndpointsAreUntouched()
    {
        // No key, all zeros: the same replies, byte for byte, and no defects recorded.
        const auto none = start(writerMarket(json()), 11);
        const auto zeros = start(writerMarket(allAt(0.0)), 11);
        for (int i = 0; i < 6; ++i) {
            const bool stream = i % 2 == 0;
            const std::string prompt
                = (i < 3 ? kEnglishPrompt : kChinesePrompt) + std::to_string(i);
            const Served a = serve(*none, prompt, stream);
            const Served b = serve(*zeros, prompt, stream);
            QVERIFY(!a.text.empty());
            QCOMPARE(a.text, b.text);
            QCOMPARE(a.completionTokens, b.completionTokens);
            QCOMPARE(a.defects(), std::vector<std::string>{});
            QCOMPARE(b.defects(), std::vector<std::string>{});
            // A reply that stopped by itself ends a sentence, as a model's does; only a
            // max_tokens cut ("length") may end mid-sentence.
            QCOMPARE(a.finishReason, std::string("stop"));
            std::string end = a.text;
            while (!end.empty() && (end.back() == ' ' || end.back() == '\n'))
                end.pop_back();
            QVERIFY2(end.ends_with(".") || end.ends_with("!") || end.ends_with("?")
                         || end.ends_with("\"") || end.ends_with("。") || end.ends_with("！")
                         || end.ends_with("？") || end.ends_with("”") || end.ends_with("」"),
                     end.substr(end.size() > 40 ? end.size() - 40 : 0).c_str());
        }
        // The clean endpoints of the bad-quality market answer as in the default market.
        SimServer base(SimOptions{"default", 0.001, 4, {}, 0});
        SimServer bad(SimOptions{"bad-quality", 0.001, 4, {}, 0});
        QVERIFY(base.start().has_value());
        QVERIFY(bad.start().has_value());
        for (const char *tag : {"deepinfra/fp8", "fireworks/fp8", "deepinfra/bf16"}) {
            json body
                = simtest::chat("meta-llama/llama-3.3-70b-instruct", kEnglishPrompt, false, 2000);
            body["provider"] = {{"only", {tag}}};
            const json a = simtest::post(base.port(), body).json();
            const json b = simtest::post(bad.port(), body).json();
            QCOMPARE(a["choices"][0]["message"]["content"], b["choices"][0]["message"]["content"]);
            QCOMPARE(a["usage"], b["usage"]);
        }
        for (const json &r : bad.truth())
            QCOMPARE(r["defects"], json::array());
    }

    void injectedShareFollowsTheRate()
    {
        const auto server = start(writerMarket(allAt(0.3)), 21);
        const int prose = 300, structured = 300;
        std::map<std::string, int> hits;
        for (int i = 0; i < prose; ++i) {
            const Served s = serve(*server, kEnglishPrompt + std::to_string(i), false);
            for (const std::string &d : s.defects())
                ++hits[d];
            QCOMPARE(static_cast<std::int64_t>(countTokens(s.text)), s.completionTokens);
        }
        for (int i = 0; i < structured; ++i) {
            const Served s = serve(*server, jsonPrompt(i), false);
            for (const std::string &d : s.defects())
                ++hits[d];
            // The truth says broken exactly when the document is.
            QCOMPARE(s.defects().empty(), isWholeOutline(s.text));
        }
        QString report;
        for (const auto &[name, count] : hits)
            report += QStringLiteral("%1=%2 ").arg(QString::fromStdString(name)).arg(count);
        qInfo("defects over %d prose and %d JSON replies at p=0.3: %s", prose, structured,
              qPrintable(report));
        for (const std::string &d : kProseDefects) {
            const double share = hits[d] / double(prose);
            QVERIFY2(share > 0.22 && share < 0.38, qPrintable(report));
        }
        const double jsonShare = hits["broken_json"] / double(structured);
        QVERIFY2(jsonShare > 0.2 && jsonShare < 0.4, qPrintable(report));
    }

    void deterministicForASeed()
    {
        const auto a = start(writerMarket(allAt(0.5)), 33);
        const auto b = start(writerMarket(allAt(0.5)), 33);
        for (int i = 0; i < 10; ++i) {
            const std::string prompt = kChinesePrompt + std::to_string(i % 4);
            const Served x = serve(*a, prompt, i % 2 == 0);
            const Served y = serve(*b, prompt, i % 2 == 0);
            QCOMPARE(x.text, y.text);
            QCOMPARE(x.defects(), y.defects());
        }
    }

    void badQualityMarketShips()
    {
        const auto names = embeddedMarketNames();
        QVERIFY(std::ranges::find(names, std::string("bad-quality")) != names.end());
        const auto market = loadMarket("bad-quality");
        QVERIFY2(market.has_value(), market ? "" : market.error().message.c_str());
        const auto base = loadMarket("default");
        QVERIFY(base.has_value());
        QCOMPARE(market->models.size(), base->models.size());
        std::vector<std::string> bad;
        for (const Model &m : market->models) {
            QCOMPARE(m.endpoints.size(), base->findModel(m.id)->endpoints.size());
            for (const Endpoint &e : m.endpoints) {
                if (!e.quality.any())
                    continue;
                bad.push_back(e.quantization);
                for (const double p :
                     {e.quality.repetition, e.quality.languageDrift, e.quality.truncation,
                      e.quality.metaText, e.quality.brokenJson})
                    QVERIFY(p >= 0.25 && p <= 0.4);
            }
        }
        std::ranges::sort(bad);
        QCOMPARE(bad, (std::vector<std::string>{"fp4", "fp8"}));
        // Served through the simulator, the bad fp4 endpoint shows defects.
        SimServer server(SimOptions{"bad-quality", 0.001, 2, {}, 0});
        QVERIFY(server.start().has_value());
        int defective = 0;
        for (int i = 0; i < 20; ++i) {
            json body = simtest::chat("meta-llama/llama-3.3-70b-instruct",
                                      kEnglishPrompt + std::to_string(i), false, 2000);
            body["provider"] = {{"only", {"deepinfra/fp4"}}};
            QCOMPARE(simtest::post(server.port(), body).status, 200);
        }
        for (const json &r : server.truth())
            defective += r["defects"].empty() ? 0 : 1;
        QVERIFY(defective >= 5);
    }

    void failedAttemptsCarryNoDefects()
    {
        const auto server = start(writerMarket(allAt(1.0)), 3);
        QVERIFY(server
                    ->script({{"behaviours",
                               {{{"match", json::object()},
                                 {"action", "http_error"},
                                 {"status", 502},
                                 {"scope", "attempt"}}}}})
                    .has_value());
        simtest::post(server->port(), simtest::chat(kModel, kEnglishPrompt, false, 2000));
        const auto truth = server->truth();
        QVERIFY(!truth.empty());
        QCOMPARE(truth.front()["defects"], json::array());
    }

private:
    std::unique_ptr<SimServer> start(const json &market, std::uint64_t seed)
    {
        const std::string path
            = m_dir.filePath(QStringLiteral("market-%1.json").arg(++m_files)).toStdString();
        std::ofstream(path) << market.dump();
        auto server = std::make_unique<SimServer>(SimOptions{path, 0.001, seed, {}, 0});
        const auto ok = server->start();
        if (!ok)
            qFatal("simulator did not start: %s", ok.error().message.c_str());
        return server;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
};

QTEST_GUILESS_MAIN(TestSimQuality)
#include "test_sim_quality.moc"
