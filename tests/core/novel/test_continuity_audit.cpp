// The continuity audit (issue 15): its prompt in both languages, parsing the reply, finding the
// chapter's quote in the text, storing findings against the generation that wrote the chapter,
// an intentional finding staying hidden after the chapter is regenerated, and the forecast.
#include "novel/book_setup.h"
#include "novel/chapter_pipeline.h"
#include "novel/continuity_audit.h"
#include "novel/shared_database.h"
#include "scripted_generator.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/quality_store.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

namespace {

const std::string kEnChapter
    = "Mara climbed the ninety steps to the lamp room. She held the rail with both thumbs,\n"
      "as she always had, and looked out at the empty boat below the causeway.";

json auditReply(const std::vector<std::pair<std::string, std::string>> &quotes)
{
    json findings = json::array();
    for (const auto &[chapter, reference] : quotes)
        findings.push_back({{"quote_chapter", chapter},
                            {"quote_reference", reference},
                            {"explanation", "The chapter contradicts the bible."},
                            {"severity", "major"}});
    return {{"findings", findings}};
}

ChapterContext enContext()
{
    ChapterContext c;
    c.language = "en";
    c.chapterNumber = 4;
    c.chapterTitle = "The Boat";
    c.characterStates = "Mara: bruised ribs after the storm.";
    c.globalSummary = "Mara found a ledger in the cellar.";
    c.bible = {{"character", "Mara Quill", {"Mara"}, "Lost her left thumb to a winch."},
               {"place", "Skerry Light", {}, "The lamp room has ninety-nine steps."}};
    c.recentSummaries = {{3, "A storm cut the causeway."}};
    return c;
}

} // namespace

class TestContinuityAudit : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<SharedDatabase> m_shared;
    std::unique_ptr<test::ScriptedGenerator> m_generator;
    PromptLibrary m_prompts{std::filesystem::path("/nonexistent-override-dir")};
    int m_counter = 0;

    PipelineContext context()
    {
        PipelineOptions options;
        options.maxContinuations = 0;
        return PipelineContext{*m_shared, *m_generator, m_prompts, options, {}, {}, {}, {}};
    }

    std::int64_t makeBook(int chapters)
    {
        BookSetupRequest request;
        request.title = "Book " + std::to_string(++m_counter);
        request.premise = "A lighthouse keeper and a boat with no one in it.";
        request.chapters = chapters;
        request.chapterTarget = 40;
        auto id = createBook(*m_shared, request);
        if (!id)
            qFatal("createBook failed");
        StoryBible bible{"Core idea",
                         {{"Mara", "keeper", "Lost her left thumb to a winch.", "alone"}},
                         {{"place", "Skerry Light", "The lamp room has ninety-nine steps."}}};
        if (!storeBible(*m_shared, *id, bible, "en"))
            qFatal("storeBible failed");
        for (int p = 1; p <= chapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Chapter " + std::to_string(p);
            c.outline = "Mara tends the lamp in chapter " + std::to_string(p) + ".";
            c.targetLength = 40;
            if (!store::ChapterStore(*m_db).add(*id, c))
                qFatal("add chapter failed");
        }
        return *id;
    }

    /// Drafts chapter `position` with `text` through the pipeline: a recorded "draft" generation.
    std::int64_t draft(std::int64_t book, int position, const std::string &text)
    {
        m_generator->push(test::ScriptedReply(text));
        PipelineContext ctx = context();
        auto report = draftChapter(ctx, book, position);
        if (!report || !report->generationId)
            qFatal("draft failed");
        return *report->generationId;
    }

    std::vector<store::StoredFinding> auditFindings(std::int64_t chapterId, bool withIntentional)
    {
        std::vector<store::StoredFinding> out;
        auto stored = store::QualityStore(*m_db).forChapter(chapterId, withIntentional);
        if (!stored)
            return out;
        for (store::StoredFinding &f : *stored)
            if (f.source == "audit")
                out.push_back(std::move(f));
        return out;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto db = store::Database::open(
            m_dir.filePath(QStringLiteral("lib%1.db").arg(++m_counter)).toStdString());
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_shared = std::make_unique<SharedDatabase>(*m_db);
        m_generator = std::make_unique<test::ScriptedGenerator>();
        m_generator->db = m_shared.get();
    }

    void cleanup()
    {
        m_generator.reset();
        m_shared.reset();
        m_db.reset();
    }

    void buildsThePromptInTheBooksLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("heading");
        QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("Story bible:");
        QTest::newRow("zh") << QStringLiteral("zh") << QStringLiteral("人物设定集：");
    }

    void buildsThePromptInTheBooksLanguage()
    {
        QFETCH(QString, language);
        QFETCH(QString, heading);
        ChapterContext c = enContext();
        c.language = language.toStdString();
        auto prompt = buildAuditPrompt(c, kEnChapter, m_prompts);
        QVERIFY(prompt.has_value());
        const std::string &user = prompt->user;
        QVERIFY(user.find(heading.toStdString()) != std::string::npos);
        for (const char *part : {"Lost her left thumb to a winch.", "ninety-nine steps",
                                 "bruised ribs", "found a ledger", "A storm cut the causeway.",
                                 "empty boat below the causeway", "quote_reference", "<schema>"})
            QVERIFY2(user.find(part) != std::string::npos, std::string(part).c_str());
        QVERIFY(!prompt->system.empty());
        QVERIFY((prompt->system.find("continuity") != std::string::npos)
                == (language == QStringLiteral("en")));
        QVERIFY((prompt->system.find("一致性") != std::string::npos)
                == (language == QStringLiteral("zh")));
        QVERIFY(prompt->promptTokens > 50);
        // The schema in the prompt is the one the simulator and the model fill.
        const auto open = user.rfind("<schema>");
        const auto close = user.find("</schema>", open);
        QCOMPARE(json::parse(user.substr(open + 8, close - open - 8)), auditSchema());
    }

    void locatesQuotes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("quote");
        QTest::addColumn<QString>("found"); // the located bytes; empty: not found
        QTest::newRow("exact") << "One. Two three. Four."
                               << "Two three."
                               << "Two three.";
        QTest::newRow("spacing and case") << "One. Two\n   three. Four."
                                          << "two three."
                                          << "Two\n   three.";
        QTest::newRow("quoted") << "He said no. Then left."
                                << "\"He said no.\""
                                << "He said no.";
        QTest::newRow("ellipsis") << "Mara climbed the ninety steps to the lamp room."
                                  << "Mara climbed … the lamp room"
                                  << "Mara climbed the ninety steps to the lamp room";
        QTest::newRow("chinese with spaces") << "林秋雨推开门。柜台上 多了一封信。"
                                             << "柜台上多了一封信"
                                             << "柜台上 多了一封信";
        QTest::newRow("ideographic space") << "她说：\u3000走吧。"
                                           << "她说：走吧"
                                           << "她说：\u3000走吧";
        QTest::newRow("missing") << "One. Two."
                                 << "Three."
                                 << "";
        QTest::newRow("empty quote") << "One. Two."
                                     << "  "
                                     << "";
    }

    void locatesQuotes()
    {
        QFETCH(QString, text);
        QFETCH(QString, quote);
        QFETCH(QString, found);
        const std::string t = text.toStdString();
        const auto range = locateQuote(t, quote.toStdString());
        if (found.isEmpty()) {
            QVERIFY(!range);
            return;
        }
        QVERIFY(range.has_value());
        QCOMPARE(QString::fromStdString(t.substr(range->first, range->second - range->first)),
                 found);
    }

    void parsesTheReply()
    {
        const json reply = auditReply({{"held the rail with both thumbs", "Lost her left thumb"},
                                       {"She swam to the boat.", "never learned to swim"}});
        auto findings = parseAuditReply(reply, kEnChapter);
        QVERIFY(findings.has_value());
        QCOMPARE(findings->size(), std::size_t(2));
        const AuditFinding &located = findings->at(0);
        QCOMPARE(located.finding.kind, QualityKind::Continuity);
        QCOMPARE(located.finding.severity, QualitySeverity::Major);
        QVERIFY(located.located);
        QCOMPARE(
            kEnChapter.substr(located.finding.begin, located.finding.end - located.finding.begin),
            std::string("held the rail with both thumbs"));
        QCOMPARE(located.reference, std::string("Lost her left thumb"));
        const AuditFinding &missing = findings->at(1);
        QVERIFY(!missing.located);
        QCOMPARE(missing.finding.begin, std::size_t(0));
        QCOMPARE(missing.finding.end, kEnChapter.size());
        QVERIFY(missing.finding.detail.find("not found") != std::string::npos);
        QCOMPARE(missing.finding.evidence, std::string("She swam to the boat."));

        // Entries without a quote or an explanation are dropped; an odd severity is minor.
        const json odd = {{"findings",
                           {{{"quote_chapter", ""}, {"explanation", "x"}},
                            {{"quote_chapter", "Mara climbed"},
                             {"explanation", "x"},
                             {"severity", "critical"}}}}};
        auto some = parseAuditReply(odd, kEnChapter);
        QVERIFY(some.has_value());
        QCOMPARE(some->size(), std::size_t(1));
        QCOMPARE(some->front().finding.severity, QualitySeverity::Minor);

        QCOMPARE(parseAuditReply(json{{"issues", json::array()}}, kEnChapter).error().code,
                 ErrorCode::Parse);
        QVERIFY(parseAuditReply(auditReply({}), kEnChapter)->empty());
    }

    void storesFindingsAgainstTheWritingGeneration()
    {
        const auto book = makeBook(2);
        draft(book, 1, kEnChapter);
        const std::int64_t writer = draft(book, 2, kEnChapter);
        m_generator->push(test::ScriptedReply(
            auditReply({{"held the rail with both thumbs", "Lost her left thumb to a winch."}})
                .dump()));
        PipelineContext ctx = context();
        auto audit = auditChapter(ctx, book, 2);
        QVERIFY2(audit.has_value(), audit ? "" : audit.error().message.c_str());
        QCOMPARE(audit->writingGenerationId, std::optional<std::int64_t>(writer));
        QCOMPARE(audit->stored.size(), std::size_t(1));
        const store::StoredFinding &f = audit->stored.front();
        QCOMPARE(f.generationId, writer);
        QCOMPARE(f.source, std::string("audit"));
        QCOMPARE(f.kind, std::string("continuity"));
        QCOMPARE(f.evidence, std::string("held the rail with both thumbs"));
        QCOMPARE(f.reference, std::string("Lost her left thumb to a winch."));
        QCOMPARE(f.provider, std::string("Scripted"));
        QCOMPARE(f.precision, std::string("fp8"));
        // The audit's own generation is recorded as stage "audit" on the chapter, and its
        // findings are not stored against it.
        QCOMPARE(audit->run.auditGenerationIds.size(), std::size_t(1));
        const std::int64_t auditGeneration = audit->run.auditGenerationIds.front();
        QVERIFY(auditGeneration != writer);
        auto stmt = m_db->prepare("SELECT stage, chapter_id FROM generations WHERE id = ?");
        QVERIFY(stmt.has_value());
        stmt->bind(1, auditGeneration);
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->text(0), std::string("audit"));
        QCOMPARE(stmt->int64(1), audit->chapterId);
        auto ofAudit = store::QualityStore(*m_db).forGeneration(auditGeneration);
        QVERIFY(ofAudit.has_value());
        for (const store::StoredFinding &g : *ofAudit)
            QVERIFY(g.source != "audit");
        QCOMPARE(auditFindings(audit->chapterId, false).size(), std::size_t(1));
        // The task carried the schema and the audit stage.
        const GenerationTask &task = m_generator->tasks.back();
        QCOMPARE(task.stage, std::string("audit"));
        QVERIFY(task.request.messages.back().content.find("<schema>") != std::string::npos);
    }

    void anIntentionalFindingNeverComesBack()
    {
        const auto book = makeBook(1);
        draft(book, 1, kEnChapter);
        const std::string reply
            = auditReply({{"held the rail with both thumbs", "Lost her left thumb to a winch."},
                          {"the empty boat", "The boat was found full of nets."}})
                  .dump();
        m_generator->push(test::ScriptedReply(reply));
        PipelineContext ctx = context();
        auto first = auditChapter(ctx, book, 1);
        QVERIFY(first.has_value());
        QCOMPARE(first->stored.size(), std::size_t(2));
        const store::StoredFinding thumbs
            = first->stored.front().evidence.find("thumbs") != std::string::npos
            ? first->stored.front()
            : first->stored.back();
        QVERIFY(store::QualityStore(*m_db).setIntentional(thumbs.id, true).has_value());

        // The chapter is regenerated with the same sentence, spaced differently, and audited
        // again: the same finding arrives on the new generation, already intentional.
        const std::string regenerated
            = "Mara climbed the ninety steps again.  She  held the rail with BOTH thumbs and "
              "watched the empty boat drift off the causeway.";
        const std::int64_t second = draft(book, 1, regenerated);
        QVERIFY(second != first->writingGenerationId);
        m_generator->push(test::ScriptedReply(reply));
        auto again = auditChapter(ctx, book, 1);
        QVERIFY(again.has_value());
        QCOMPARE(again->writingGenerationId, std::optional<std::int64_t>(second));
        QCOMPARE(again->stored.size(), std::size_t(2));
        int intentional = 0;
        for (const store::StoredFinding &f : again->stored)
            intentional += f.intentional ? 1 : 0;
        QCOMPARE(intentional, 1);
        const auto shown = auditFindings(first->chapterId, false);
        QCOMPARE(shown.size(), std::size_t(2)); // "the empty boat", once per generation
        for (const store::StoredFinding &f : shown)
            QVERIFY(f.evidence.find("thumbs") == std::string::npos);
        // History: both generations' findings are kept, newest generation first.
        const auto all = auditFindings(first->chapterId, true);
        QCOMPARE(all.size(), std::size_t(4));
        QCOMPARE(all.front().generationId, second);
    }

    void aMalformedReplyIsRetriedThenAParseError()
    {
        const auto book = makeBook(1);
        draft(book, 1, kEnChapter);
        m_generator->push(test::ScriptedReply("I found no problems."));
        m_generator->push(test::ScriptedReply("{\"issues\": []}"));
        PipelineContext ctx = context();
        auto audit = auditChapter(ctx, book, 1);
        QVERIFY(!audit.has_value());
        QCOMPARE(audit.error().code, ErrorCode::Parse);
    }

    void anEmptyChapterIsNotAudited()
    {
        const auto book = makeBook(1);
        PipelineContext ctx = context();
        auto audit = auditChapter(ctx, book, 1);
        QVERIFY(!audit.has_value());
        QCOMPARE(audit.error().code, ErrorCode::InvalidArgument);
        QVERIFY(m_generator->tasks.empty());
    }

    void forecastsThePriceBeforeRunning()
    {
        const auto book = makeBook(3);
        draft(book, 1, kEnChapter);
        draft(book, 2, kEnChapter + " " + kEnChapter);
        CatalogBasis prices;
        prices.promptPriceLow = 1e-7;
        prices.promptPrice = 2e-7;
        prices.promptPriceHigh = 3e-7;
        prices.completionPriceLow = 4e-7;
        prices.completionPrice = 5e-7;
        prices.completionPriceHigh = 6e-7;
        const std::size_t sent = m_generator->tasks.size();
        auto forecast = forecastAudit(*m_shared, m_prompts, book, 1, 3, prices);
        QVERIFY(forecast.has_value());
        QCOMPARE(m_generator->tasks.size(), sent); // nothing is sent
        QCOMPARE(forecast->chapters, 2); // chapter 3 has no text
        QCOMPARE(forecast->basis, std::string("default"));
        QCOMPARE(forecast->completionTokens.expected, 2 * kDefaultAuditCompletionTokens);
        QVERIFY(forecast->promptTokens.expected > 200);
        const double expected
            = forecast->promptTokens.expected * 2e-7 + forecast->completionTokens.expected * 5e-7;
        QVERIFY(qAbs(forecast->costUsd.expected - expected) < 1e-12);
        QVERIFY(forecast->costUsd.low < forecast->costUsd.expected);
        QVERIFY(forecast->costUsd.high > forecast->costUsd.expected);

        // After an audit, the book's own history sets the expected output.
        m_generator->push(test::ScriptedReply(auditReply({}).dump()));
        PipelineContext ctx = context();
        QVERIFY(auditChapter(ctx, book, 1).has_value());
        auto after = forecastAudit(*m_shared, m_prompts, book, 1, 1, prices);
        QVERIFY(after.has_value());
        QCOMPARE(after->basis, std::string("history"));
        QVERIFY(after->completionTokens.expected < kDefaultAuditCompletionTokens);

        QCOMPARE(forecastAudit(*m_shared, m_prompts, book, 3, 2, prices).error().code,
                 ErrorCode::InvalidArgument);
    }
};

QTEST_APPLESS_MAIN(TestContinuityAudit)
#include "test_continuity_audit.moc"
