#include "novel/batch_forecast.h"
#include "novel/objective_forecast.h"
#include "novel/shared_database.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using namespace scriptorium;
using namespace scriptorium::novel;

namespace {

ForecastProfile simpleProfile()
{
    ForecastProfile p;
    p.basis = "history";
    p.sampleChapters = 4;
    p.stages = {{"draft", 1, 3000, 2000, 0.010, 10, true},
                {"continue", 0.5, 5000, 600, 0.004, 4, true},
                {"summary", 1, 2500, 150, 0.001, 2, false}};
    p.chapterCostCv = 0.2;
    p.chapterSecondsCv = 0.2;
    return p;
}

openrouter::EndpointInfo endpoint(const char *tag, const char *quantization, double prompt,
                                  double completion, double latencyMs, double tokensPerSecond)
{
    openrouter::EndpointInfo e;
    e.tag = tag;
    e.quantization = quantization;
    e.pricing.prompt = prompt;
    e.pricing.completion = completion;
    e.latencyP50Ms = latencyMs;
    e.throughputP50 = tokensPerSecond;
    return e;
}

/// Per call, draft (3000 in, 2000 out) and summary (2500 in, 150 out):
///   fast/fp8   $0.0022   20.4 s  | $0.00062   1.9 s
///   cheap/fp8  $0.0007   51 s    | $0.00028   4.75 s
///   slow/fp8   $0.00035  202 s   | $0.00014   17 s
///   half/bf16  $0.00016  10.3 s  | $0.0000575 1.05 s
std::vector<openrouter::EndpointInfo> market()
{
    return {endpoint("fast/fp8", "fp8", 2e-7, 8e-7, 400, 100),
            endpoint("cheap/fp8", "fp8", 1e-7, 2e-7, 1000, 40),
            endpoint("slow/fp8", "fp8", 0.5e-7, 1e-7, 2000, 10),
            endpoint("half/bf16", "bf16", 0.2e-7, 0.5e-7, 300, 200)};
}

ForecastProfile draftAndSummary()
{
    ForecastProfile p;
    p.basis = "catalog";
    p.stages
        = {{"draft", 1, 3000, 2000, 0.001, 10, true}, {"summary", 1, 2500, 150, 0.0005, 2, false}};
    return p;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestBatchForecast : public QObject {
    Q_OBJECT

private slots:
    void wallTime_data()
    {
        QTest::addColumn<int>("chapters");
        QTest::addColumn<bool>("parallel");
        QTest::addColumn<int>("concurrency");
        QTest::addColumn<double>("wall");
        // Draft chain 10 + 0.5 × 4 = 12 s per chapter; finalize 2 s per chapter.
        QTest::newRow("sequential") << 10 << false << 4 << 140.0;
        // Parallel: finalize k starts when draft k (wave ⌈k/c⌉) and finalize k−1 are done.
        QTest::newRow("parallel 4") << 10 << true << 4 << 40.0;
        QTest::newRow("parallel 10") << 10 << true << 10 << 12.0 + 20.0;
        QTest::newRow("parallel 1 overlaps finalize") << 10 << true << 1 << 122.0;
        QTest::newRow("nothing") << 0 << false << 1 << 0.0;
    }

    void wallTime()
    {
        QFETCH(int, chapters);
        QFETCH(bool, parallel);
        QFETCH(int, concurrency);
        QFETCH(double, wall);
        const BatchForecast f
            = forecastBatch(simpleProfile(), chapters,
                            parallel ? BatchMode::Parallel : BatchMode::Sequential, concurrency);
        QVERIFY(std::abs(f.wallSeconds.expected - wall) < 1e-9);
        QVERIFY(f.wallSeconds.low <= f.wallSeconds.expected);
        QVERIFY(f.wallSeconds.high >= f.wallSeconds.expected);
    }

    void costAndRanges()
    {
        const BatchForecast f = forecastBatch(simpleProfile(), 20, BatchMode::Sequential, 1);
        QCOMPARE(f.chapters, 20);
        QVERIFY(std::abs(f.calls.expected - 20 * 2.5) < 1e-9);
        QVERIFY(std::abs(f.costUsd.expected - 20 * (0.010 + 0.002 + 0.001)) < 1e-12);
        QVERIFY(std::abs(f.completionTokens.expected - 20 * (2000 + 300 + 150)) < 1e-9);
        // History of a low-variance book: ±15% (the floor).
        QVERIFY(std::abs(f.costUsd.high / f.costUsd.expected - 1.15) < 1e-9);
        QVERIFY(std::abs(f.costUsd.low / f.costUsd.expected - 0.85) < 1e-9);
    }

    void catalogProfileIsWider()
    {
        CatalogBasis basis;
        basis.promptPrice = basis.promptPriceLow = basis.promptPriceHigh = 1e-7;
        basis.completionPrice = basis.completionPriceLow = basis.completionPriceHigh = 3e-7;
        basis.ttftSeconds = 0.5;
        basis.tokensPerSecond = 50;
        basis.continuationsPerChapter = 0;
        const ForecastProfile p = profileFromCatalog(basis);
        QCOMPARE(p.basis, std::string("catalog"));
        const StageProfile &draft = p.stages.front();
        QCOMPARE(draft.stage, std::string("draft"));
        QVERIFY(std::abs(draft.costUsd - (3000 * 1e-7 + 2600 * 3e-7)) < 1e-12);
        QVERIFY(std::abs(draft.seconds - (0.5 + 2600 / 50.0)) < 1e-9);
        const BatchForecast f = forecastBatch(p, 10, BatchMode::Sequential, 1);
        QVERIFY(f.costUsd.high / f.costUsd.expected >= 1.35 - 1e-9);
    }

    void savingAgainstSpeed_data()
    {
        QTest::addColumn<QByteArray>("patch"); // merged over the default routing config
        QTest::addColumn<bool>("saving");
        QTest::addColumn<double>("cost"); // 10 chapters, every stage at its objective's pick
        QTest::addColumn<double>("speedCost"); // … at the speed ranking's pick
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("speedSeconds");
        QTest::addColumn<QString>("stages"); // stage:objective:endpoint:speed endpoint, …

        // Speed everywhere: fast/fp8 for both, $0.0282 and 223 s over 10 chapters.
        QTest::newRow("speed everywhere")
            << QByteArray("{}") << false << 0.0 << 0.0 << 0.0 << 0.0 << QString();
        QTest::newRow("static strategy") << QByteArray(R"({"routing":{"strategy":"static"},
                              "stages":{"draft":{"objective":"cost"}}})")
                                         << false << 0.0 << 0.0 << 0.0 << 0.0 << QString();
        // Floor 20 tok/s: slow/fp8 (10) ranks last, cheap/fp8 (40) is the cheapest above it.
        // 10 × (0.0007 + 0.00062) against 10 × (0.0022 + 0.00062); 10 × (51 + 1.9) s against
        // 10 × (20.4 + 1.9) s.
        QTest::newRow("draft cost, floor 20")
            << QByteArray(R"({"stages":{"draft":{"objective":"cost","min_throughput":20}}})")
            << true << 0.0132 << 0.0282 << 529.0 << 223.0
            << QStringLiteral("draft:cost:cheap/fp8:fast/fp8");
        // No floor: the cheapest fp8 endpoint, however slow. 10 × (0.00035 + 0.00062).
        QTest::newRow("draft cost, no floor")
            << QByteArray(R"({"stages":{"draft":{"objective":"cost"}}})") << true << 0.0097
            << 0.0282 << 2039.0 << 223.0 << QStringLiteral("draft:cost:slow/fp8:fast/fp8");
        // A stage's ignore list leaves slow/fp8 out.
        QTest::newRow("draft cost, slow ignored")
            << QByteArray(R"({"stages":{"draft":{"objective":"cost",
                                                 "provider":{"ignore":["slow"]}}}})")
            << true << 0.0132 << 0.0282 << 529.0 << 223.0
            << QStringLiteral("draft:cost:cheap/fp8:fast/fp8");
        // The stage's preferred_min_throughput (50) is the floor: only fast/fp8 meets it.
        QTest::newRow("floor from the stage's provider threshold")
            << QByteArray(R"({"stages":{"draft":{"objective":"cost",
                                  "provider":{"preferred_min_throughput":50}}}})")
            << true << 0.0282 << 0.0282 << 223.0 << 223.0
            << QStringLiteral("draft:cost:fast/fp8:fast/fp8");
        // "finalize" covers summary. Balanced (time ÷ best + cost ÷ best): fast 1 + 4.43,
        // cheap 2.5 + 2, slow 8.95 + 1 → cheap. 10 × (0.0022 + 0.00028), 10 × (20.4 + 4.75) s.
        QTest::newRow("finalize balanced")
            << QByteArray(R"({"stages":{"finalize":{"objective":"balanced"}}})") << true << 0.0248
            << 0.0282 << 251.5 << 223.0 << QStringLiteral("summary:balanced:cheap/fp8:fast/fp8");
        // A summary policy wins over the finalize one.
        QTest::newRow("summary overrides finalize")
            << QByteArray(R"({"stages":{"finalize":{"objective":"balanced"},
                                        "summary":{"objective":"speed"}}})")
            << false << 0.0 << 0.0 << 0.0 << 0.0 << QString();
        // fastest_acceptable with bf16: half/bf16 is both the cheapest and the fastest.
        QTest::newRow("draft fastest acceptable")
            << QByteArray(R"({"stages":{"draft":{"objective":"cost",
                "precision_policy":"fastest_acceptable","acceptable_precisions":["fp8","bf16"]}}})")
            << true << 0.0078 << 0.0078 << 122.0 << 122.0
            << QStringLiteral("draft:cost:half/bf16:half/bf16");
        // The routing section's objective applies to every stage without its own.
        QTest::newRow("cost for all, speed for drafts")
            << QByteArray(R"({"routing":{"objective":"cost"},
                              "stages":{"draft":{"objective":"speed"}}})")
            << true << 0.0234 << 0.0282 << 374.0 << 223.0
            << QStringLiteral("summary:cost:slow/fp8:fast/fp8");
    }

    void savingAgainstSpeed()
    {
        QFETCH(QByteArray, patch);
        QFETCH(bool, saving);
        QFETCH(double, cost);
        QFETCH(double, speedCost);
        QFETCH(double, seconds);
        QFETCH(double, speedSeconds);
        QFETCH(QString, stages);
        nlohmann::json doc = routing::RoutingConfig::defaults().toJson();
        doc.merge_patch(nlohmann::json::parse(patch.toStdString()));
        const auto config = routing::RoutingConfig::fromJson(doc);
        QVERIFY2(config.has_value(), config ? "" : config.error().message.c_str());

        ForecastProfile profile = draftAndSummary();
        profile.objectives = objectiveOutlooks(profile, *config, config->defaultModel, market());
        const BatchForecast f = forecastBatch(profile, 10, BatchMode::Sequential, 1);
        QCOMPARE(f.saving.has_value(), saving);
        if (!saving)
            return;
        const ObjectiveSaving &s = *f.saving;
        QVERIFY2(near(s.costUsd, cost), QByteArray::number(s.costUsd, 'g', 12));
        QVERIFY2(near(s.speedCostUsd, speedCost), QByteArray::number(s.speedCostUsd, 'g', 12));
        QVERIFY2(near(s.seconds, seconds), QByteArray::number(s.seconds, 'g', 12));
        QVERIFY2(near(s.speedSeconds, speedSeconds), QByteArray::number(s.speedSeconds, 'g', 12));
        QVERIFY(near(s.savedUsd(), speedCost - cost));
        QVERIFY(near(s.savedShare(), (speedCost - cost) / speedCost));
        QVERIFY(near(s.slowerShare(), seconds / speedSeconds - 1));
        QStringList listed;
        for (const ObjectiveOutlook &o : s.stages)
            listed << QString::fromStdString(o.stage + ":"
                                             + std::string(routing::objectiveName(o.objective))
                                             + ":" + o.endpoint + ":" + o.speedEndpoint);
        QCOMPARE(listed.join(QLatin1Char(',')), stages);
    }

    void savingPerStageIsTheBatchTotal()
    {
        routing::RoutingConfig defaults = routing::RoutingConfig::defaults();
        defaults.stages["draft"].objective = routing::RoutingObjective::Cost;
        defaults.stages["draft"].minThroughput = 20;
        const std::optional<routing::RoutingConfig> config = defaults;
        ForecastProfile profile = draftAndSummary();
        profile.stages[0].callsPerChapter = 1.5; // a continuation every other chapter
        profile.objectives = objectiveOutlooks(profile, *config, "m/x", market());
        QCOMPARE(profile.objectives.size(), std::size_t(2));
        // Per call: cheap/fp8 $0.0007 / 51 s against fast/fp8 $0.0022 / 20.4 s.
        QVERIFY(near(profile.objectives[0].costUsd, 0.0007));
        QVERIFY(near(profile.objectives[0].speedSeconds, 20.4));
        const BatchForecast f = forecastBatch(profile, 4, BatchMode::Parallel, 2);
        QVERIFY(f.saving.has_value());
        QCOMPARE(f.saving->stages.size(), std::size_t(1));
        const ObjectiveOutlook &draft = f.saving->stages.front();
        QVERIFY(near(draft.costUsd, 6 * 0.0007)); // 4 chapters × 1.5 calls
        QVERIFY(near(draft.speedCostUsd, 6 * 0.0022));
        QVERIFY(near(draft.seconds, 6 * 51.0));
        QVERIFY(near(f.saving->savedUsd(), 6 * (0.0022 - 0.0007)));
        // Without endpoints (no catalog) there is nothing to compare.
        profile.objectives = objectiveOutlooks(profile, *config, "m/x", {});
        QVERIFY(!forecastBatch(profile, 4, BatchMode::Parallel, 2).saving.has_value());
    }

    void historyFromLibrary()
    {
        QTemporaryDir dir;
        auto db = store::Database::open(dir.filePath(QStringLiteral("lib.db")).toStdString());
        QVERIFY(db.has_value());
        SharedDatabase shared(**db);
        store::Book book;
        book.title = "B";
        const auto bookId = store::BookStore(**db).create(book).value();
        QCOMPARE(profileFromHistory(shared, bookId).error().code, ErrorCode::NotFound);

        std::vector<std::int64_t> chapterIds;
        for (int p = 1; p <= 2; ++p) {
            store::Chapter c;
            c.position = p;
            chapterIds.push_back(store::ChapterStore(**db).add(bookId, c).value());
        }
        store::GenerationStore generations(**db);
        auto record = [&](std::int64_t chapter, const char *stage, double cost, std::int64_t ms,
                          std::int64_t completion, store::GenerationStatus status) {
            store::GenerationRecord g;
            g.bookId = bookId;
            g.chapterId = chapter;
            g.stage = stage;
            g.model = "m";
            g.startedAt = 1'000'000;
            const auto id = generations.start(g).value();
            g.id = id;
            g.status = status;
            g.costUsd = cost;
            g.promptTokens = 1000;
            g.completionTokens = completion;
            g.finishedAt = g.startedAt + ms;
            QVERIFY(generations.finish(g).has_value());
        };
        record(chapterIds[0], "draft", 0.02, 10'000, 800, store::GenerationStatus::Succeeded);
        record(chapterIds[0], "summary", 0.002, 2'000, 100, store::GenerationStatus::Succeeded);
        record(chapterIds[1], "draft", 0.04, 20'000, 1200, store::GenerationStatus::Succeeded);
        record(chapterIds[1], "draft", 0.01, 1'000, 0, store::GenerationStatus::Failed);
        record(chapterIds[1], "summary", 0.004, 4'000, 100, store::GenerationStatus::Cancelled);

        auto profile = profileFromHistory(shared, bookId);
        QVERIFY(profile.has_value());
        QCOMPARE(profile->sampleChapters, 2);
        const auto draft
            = std::ranges::find(profile->stages, std::string("draft"), &StageProfile::stage);
        QVERIFY(draft != profile->stages.end());
        QVERIFY(std::abs(draft->callsPerChapter - 1.5) < 1e-9); // the failed try counts
        QVERIFY(std::abs(draft->costUsd - 0.07 / 3) < 1e-12);
        QVERIFY(std::abs(draft->seconds - 31.0 / 3) < 1e-9);
        const auto summary
            = std::ranges::find(profile->stages, std::string("summary"), &StageProfile::stage);
        QVERIFY(std::abs(summary->callsPerChapter - 0.5) < 1e-9); // the cancelled one does not
    }
};

QTEST_APPLESS_MAIN(TestBatchForecast)
#include "test_batch_forecast.moc"
