// Quality findings in the library (issue 15): stored per generation with the provenance of the
// text (provider, precision, model), kept across regenerations, "intentional" remembered per
// book, and finding rates per provider × model × precision with confidence intervals. Also
// that recording a generation runs the local checks in the same transaction.
#include "novel/generation_recorder.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/quality_store.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <string>

using namespace scriptorium;
using namespace scriptorium::store;

class TestQualityStore : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(std::filesystem::path(m_dir->path().toStdString()) / "lib.db");
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_book = *BookStore(*m_db).create(Book{.title = "Ledger", .language = "en"});
        m_chapter = *ChapterStore(*m_db).add(m_book, Chapter{.title = "One"});
    }
    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void findingsKeepTheirProvenanceAndHistory()
    {
        const std::int64_t first = generation("DeepInfra", "fp8", 1000);
        const std::int64_t second = generation("Together", "bf16", 1000);
        QVERIFY(QualityStore(*m_db)
                    .record(first, {finding("repetition", "the bell rang", 10, 60)})
                    .has_value());
        QVERIFY(QualityStore(*m_db).record(second, {}).has_value());
        auto one = QualityStore(*m_db).forGeneration(first);
        QVERIFY(one.has_value());
        QCOMPARE(one->size(), std::size_t(1));
        QCOMPARE(one->front().provider, std::string("DeepInfra"));
        QCOMPARE(one->front().precision, std::string("fp8"));
        QCOMPARE(one->front().model, std::string("m/model"));
        QCOMPARE(one->front().begin, std::int64_t(10));
        QCOMPARE(one->front().end, std::int64_t(60));
        QCOMPARE(one->front().fingerprint, findingFingerprint("repetition", "the bell rang"));
        // The chapter's history: both generations, the newest first, findings kept.
        auto history = QualityStore(*m_db).forChapter(m_chapter, false);
        QVERIFY(history.has_value());
        QCOMPARE(history->size(), std::size_t(1));
        QCOMPARE(history->front().generationId, first);
    }

    void intentionalFindingsNeverComeBack()
    {
        const std::int64_t first = generation("DeepInfra", "fp8", 500);
        QVERIFY(QualityStore(*m_db)
                    .record(first, {finding("continuity", "Mara has  blue eyes", 0, 5)}, "audit")
                    .has_value());
        const std::int64_t id = QualityStore(*m_db).forGeneration(first)->front().id;
        QVERIFY(QualityStore(*m_db).setIntentional(id, true).has_value());
        QVERIFY(QualityStore(*m_db).forChapter(m_chapter, false)->empty());
        QCOMPARE(QualityStore(*m_db).forChapter(m_chapter, true)->size(), std::size_t(1));

        // The chapter is regenerated and the audit quotes the same passage (spacing and case
        // differ): stored, as history, but intentional.
        const std::int64_t again = generation("DeepInfra", "fp8", 500);
        QVERIFY(QualityStore(*m_db)
                    .record(again,
                            {finding("continuity", "mara has blue EYES", 3, 9),
                             finding("continuity", "the ledger burned", 20, 30)},
                            "audit")
                    .has_value());
        auto shown = QualityStore(*m_db).forChapter(m_chapter, false);
        QCOMPARE(shown->size(), std::size_t(1));
        QCOMPARE(shown->front().evidence, std::string("the ledger burned"));
        QCOMPARE(QualityStore(*m_db).forChapter(m_chapter, true)->size(), std::size_t(3));

        // Taken back: every copy shows again.
        QVERIFY(QualityStore(*m_db).setIntentional(id, false).has_value());
        QCOMPARE(QualityStore(*m_db).forChapter(m_chapter, false)->size(), std::size_t(3));
        QCOMPARE(QualityStore(*m_db).setIntentional(987654, true).error().code,
                 ErrorCode::NotFound);
    }

    void ratesPerProviderModelAndPrecision()
    {
        // fp8 at DeepInfra: 3 findings over 20,000 tokens; bf16 at Together: 0 over 10,000.
        const std::int64_t a = generation("DeepInfra", "fp8", 10000);
        const std::int64_t b = generation("DeepInfra", "fp8", 10000);
        const std::int64_t c = generation("Together", "bf16", 10000);
        const std::int64_t unchecked = generation("Together", "bf16", 90000);
        Q_UNUSED(unchecked); // not checked: must not dilute the rate
        QualityStore store(*m_db);
        QVERIFY(
            store.record(a, {finding("repetition", "x", 0, 1), finding("truncation", "y", 2, 3)})
                .has_value());
        QVERIFY(store.record(b, {finding("repetition", "z", 0, 1)}).has_value());
        QVERIFY(store.record(c, {}).has_value());
        auto rates = store.rates();
        QVERIFY(rates.has_value());
        QCOMPARE(rates->size(), std::size_t(2));
        const QualityRate &fp8 = rates->front(); // most tokens first
        QCOMPARE(fp8.provider, std::string("DeepInfra"));
        QCOMPARE(fp8.precision, std::string("fp8"));
        QCOMPARE(fp8.generations, std::int64_t(2));
        QCOMPARE(fp8.outputTokens, std::int64_t(20000));
        QCOMPARE(fp8.findings, std::int64_t(3));
        QCOMPARE(fp8.byKind.at("repetition"), std::int64_t(2));
        QCOMPARE(fp8.byKind.at("truncation"), std::int64_t(1));
        QCOMPARE(fp8.perTenThousand, 1.5);
        QVERIFY(fp8.low < 1.5 && fp8.high > 1.5);
        const QualityRate &bf16 = rates->back();
        QCOMPARE(bf16.outputTokens, std::int64_t(10000));
        QCOMPARE(bf16.findings, std::int64_t(0));
        QCOMPARE(bf16.perTenThousand, 0.0);
        QVERIFY(bf16.high > 3.0); // zero findings in 10,000 tokens does not prove a zero rate
        // An intentional finding does not count.
        const std::int64_t id = store.forGeneration(b)->front().id;
        QVERIFY(store.setIntentional(id, true).has_value());
        QCOMPARE(store.rates()->front().findings, std::int64_t(2));
        // Audit findings are counted separately.
        QVERIFY(store.rates(std::nullopt, "audit")->empty());
    }

    void poissonIntervalsMatchTheExactOnes()
    {
        // Garwood's exact 95 % intervals: 1 → [0.0253, 5.572], 10 → [4.795, 18.39],
        // 100 → [81.36, 121.6].
        const CountInterval one = poissonInterval(1);
        QVERIFY(std::abs(one.low - 0.0253) < 0.01 && std::abs(one.high - 5.572) < 0.05);
        const CountInterval ten = poissonInterval(10);
        QVERIFY(std::abs(ten.low - 4.795) < 0.05 && std::abs(ten.high - 18.39) < 0.1);
        const CountInterval hundred = poissonInterval(100);
        QVERIFY(std::abs(hundred.low - 81.36) < 0.2 && std::abs(hundred.high - 121.6) < 0.3);
        QCOMPARE(poissonInterval(0).low, 0.0);
    }

    void ratesDifferOnlyWhenTheyDo()
    {
        QVERIFY(ratesDifferPValue(10, 1000, 10, 1000) > 0.9);
        QVERIFY(ratesDifferPValue(30, 1000, 5, 1000) < 0.001);
        QVERIFY(ratesDifferPValue(6, 1000, 3, 1000) > 0.05); // too few to tell
        QVERIFY(ratesDifferPValue(3000, 1000, 2000, 1000) < 1e-6); // the normal branch
        QCOMPARE(ratesDifferPValue(0, 1000, 0, 1000), 1.0);
    }

    void recordingAGenerationRunsTheLocalChecks()
    {
        store::GenerationRecord g;
        g.bookId = m_book;
        g.chapterId = m_chapter;
        g.stage = "draft";
        g.model = "m/model";
        g.startedAt = nowMs();
        const std::int64_t id = *GenerationStore(*m_db).start(g);
        routing::GenerationResult result;
        std::string loop;
        for (int i = 0; i < 8; ++i)
            loop += "The bell rang again and the keeper climbed the stairs to the lamp. ";
        result.text = "Rain fell on the harbour. " + loop + "She stopped and";
        result.finishReason = "stop";
        result.provider = "DeepInfra";
        result.providerSlug = "deepinfra";
        result.quantization = "fp8";
        routing::AttemptRecord a;
        a.index = 1;
        a.model = "m/model";
        a.httpStatus = 200;
        a.completionTokens = 140;
        a.finishReason = "stop";
        result.attempts.push_back(a);
        LearningStrategy learner;
        QVERIFY(
            novel::finishGenerationRecord(*m_db, id, result, std::nullopt, &learner).has_value());
        auto findings = QualityStore(*m_db).forGeneration(id);
        QVERIFY(findings.has_value());
        bool repetition = false;
        bool truncation = false;
        for (const StoredFinding &f : *findings) {
            repetition = repetition || f.kind == "repetition";
            truncation = truncation || f.kind == "truncation";
            QVERIFY(f.end <= static_cast<std::int64_t>(result.text.size()));
        }
        QVERIFY(repetition);
        QVERIFY(truncation);
        QCOMPARE(QualityStore(*m_db).rates()->front().generations, std::int64_t(1));
        // The strategy that routed it learns what the checks said about the endpoint.
        QCOMPARE(learner.seen.size(), std::size_t(1));
        QCOMPARE(learner.seen[0].model, std::string("m/model"));
        QCOMPARE(learner.seen[0].provider, std::string("deepinfra"));
        QCOMPARE(learner.seen[0].quantization, std::string("fp8"));
        QCOMPARE(learner.seen[0].outputTokens, std::int64_t(140));
        QCOMPARE(learner.seen[0].findings, static_cast<int>(findings->size()));
        QVERIFY(learner.seen[0].majorFindings >= 2);

        // Cut by the token cap: the truncation is minor, stored, and not the endpoint's fault.
        const std::int64_t capped = *GenerationStore(*m_db).start(g);
        result.finishReason = "length";
        result.attempts.back().finishReason = "length";
        QVERIFY(novel::finishGenerationRecord(*m_db, capped, result, std::nullopt, &learner)
                    .has_value());
        auto cappedFindings = QualityStore(*m_db).forGeneration(capped);
        QVERIFY(cappedFindings.has_value());
        QVERIFY(std::ranges::any_of(*cappedFindings, [](const StoredFinding &f) {
            return f.kind == "truncation" && f.severity == "minor";
        }));
        QCOMPARE(learner.seen.size(), std::size_t(2));
        QCOMPARE(learner.seen[1].findings, static_cast<int>(cappedFindings->size()) - 1);

        // A failed generation's partial text is not judged.
        const std::int64_t failed = *GenerationStore(*m_db).start(g);
        result.error = Error{ErrorCode::MidStream, "cut", {}};
        QVERIFY(novel::finishGenerationRecord(*m_db, failed, result, std::nullopt, &learner)
                    .has_value());
        QVERIFY(QualityStore(*m_db).forGeneration(failed)->empty());
        QCOMPARE(QualityStore(*m_db).rates()->front().generations, std::int64_t(2));
        QCOMPARE(learner.seen.size(), std::size_t(2));
    }

private:
    /// Records what it is told about quality; routes nothing.
    struct LearningStrategy final : routing::RoutingStrategy {
        std::string_view name() const override { return "learning"; }
        routing::RoutingDecision decide(const routing::DecisionInput &) override { return {}; }
        void observe(const routing::AttemptRecord &,
                     const std::vector<openrouter::EndpointInfo> &) override
        {
        }
        void observeQuality(const routing::QualityObservation &q) override { seen.push_back(q); }
        std::vector<routing::QualityObservation> seen;
    };

    std::int64_t generation(const std::string &provider, const std::string &precision,
                            std::int64_t tokens)
    {
        GenerationRecord g;
        g.bookId = m_book;
        g.chapterId = m_chapter;
        g.stage = "draft";
        g.model = "m/model";
        g.provider = provider;
        g.precision = precision;
        g.completionTokens = tokens;
        g.status = GenerationStatus::Succeeded;
        g.startedAt = nowMs() + m_clock++; // distinct: the history is ordered by start
        g.id = *GenerationStore(*m_db).start(g);
        GenerationStore(*m_db).finish(g).value();
        return g.id;
    }
    static StoredFinding finding(const std::string &kind, const std::string &evidence,
                                 std::int64_t begin, std::int64_t end)
    {
        StoredFinding f;
        f.kind = kind;
        f.severity = "major";
        f.evidence = evidence;
        f.begin = begin;
        f.end = end;
        return f;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_book = 0;
    std::int64_t m_chapter = 0;
    std::int64_t m_clock = 0;
};

QTEST_GUILESS_MAIN(TestQualityStore)
#include "test_quality_store.moc"
