// Ask the manuscript (issue 16 part 5): the question's terms in English and Chinese, retrieval
// through the full-text index (the chapters that name most terms, their matching paragraphs,
// the bible entries the question names), the prompt in the book's language, the answer's
// citations located in their chapters, the price before sending and the recorded "ask" step.
#include "novel/book_setup.h"
#include "novel/manuscript_question.h"
#include "novel/shared_database.h"
#include "scripted_generator.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

class TestManuscriptQuestion : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<SharedDatabase> m_shared;
    std::unique_ptr<test::ScriptedGenerator> m_generator;
    PromptLibrary m_prompts{std::filesystem::path("/nonexistent-override-dir")};
    int m_counter = 0;

    std::int64_t makeBook(const std::string &language, const std::vector<std::string> &bodies,
                          const StoryBible &bible)
    {
        BookSetupRequest request;
        request.title = "Book " + std::to_string(++m_counter);
        request.premise = "A lighthouse keeper.";
        request.language = language;
        request.chapters = static_cast<int>(bodies.size());
        auto id = createBook(*m_shared, request);
        if (!id)
            qFatal("createBook failed");
        if (!storeBible(*m_shared, *id, bible, language))
            qFatal("storeBible failed");
        for (std::size_t i = 0; i < bodies.size(); ++i) {
            store::Chapter c;
            c.position = static_cast<int>(i + 1);
            c.title = "Part " + std::to_string(i + 1);
            c.body = bodies[i];
            if (!store::ChapterStore(*m_db).add(*id, c))
                qFatal("add chapter failed");
        }
        return *id;
    }

    std::int64_t englishBook()
    {
        return makeBook(
            "en",
            {"Mara found the ledger under the floor of the lamp room.\n\nThe storm came at night.",
             "The boat was empty when it reached the causeway.\n\nNobody rang the bell.",
             "Mara read the ledger by the window and hid it in her coat.\n\nShe went down to the "
             "harbour before dawn.",
             "The harbour master asked about the boat."},
            StoryBible{"A keeper and a ledger",
                       {{"Mara", "keeper", "Keeps the light on Skerry.", "alone"}},
                       {{"object", "Ledger", "The keeper's record of ships."}}});
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        auto db = store::Database::open(
            m_dir.filePath(QStringLiteral("ask%1.db").arg(++m_counter)).toStdString());
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

    void termsLeaveOutFunctionWords()
    {
        QCOMPARE(questionTerms("When did Mara last see the ledger?", {}),
                 (std::vector<std::string>{"mara", "see", "ledger"}));
        // A bible name comes first, whole; Chinese gives its two-character runs without
        // function characters (什么, 时候, 最后 …).
        const auto zh = questionTerms("玛拉最后一次见到账本是什么时候？", {"玛拉"});
        QCOMPARE(zh.front(), std::string("玛拉"));
        QVERIFY(std::ranges::find(zh, std::string("账本")) != zh.end());
        QVERIFY(std::ranges::find(zh, std::string("什么")) == zh.end());
        QVERIFY(std::ranges::find(zh, std::string("时候")) == zh.end());
    }

    void retrievalFindsTheChaptersThatNameMostTerms()
    {
        const auto book = englishBook();
        auto context = retrieveForQuestion(*m_shared, book, "When did Mara last see the ledger?");
        QVERIFY2(context.has_value(), context ? "" : context.error().message.c_str());
        QVERIFY(context->passages.size() >= 2);
        // Chapters 1 and 3 name both Mara and the ledger; the later one first.
        QCOMPARE(context->passages[0].position, 3);
        QCOMPARE(context->passages[1].position, 1);
        QVERIFY(context->passages[0].text.find("hid it in her coat") != std::string::npos);
        // Only the paragraphs that name a term.
        QVERIFY(context->passages[0].text.find("harbour before dawn") == std::string::npos);
        QVERIFY(context->bible.find("Keeps the light on Skerry.") != std::string::npos);
        QVERIFY(context->bible.find("The keeper's record of ships.") != std::string::npos);

        auto prompt = buildAskPrompt(*context, m_prompts);
        QVERIFY(prompt.has_value());
        QVERIFY(prompt->user.find("When did Mara last see the ledger?") != std::string::npos);
        QVERIFY(prompt->user.find("[3 Part 3]") != std::string::npos);
        QVERIFY(prompt->user.find("<schema>") != std::string::npos);
        QVERIFY(prompt->promptTokens > 50);

        // Nothing to look for: a clear error, not an empty answer.
        auto vague = retrieveForQuestion(*m_shared, book, "What was it?");
        QCOMPARE(vague.error().code, ErrorCode::InvalidArgument);
        QCOMPARE(retrieveForQuestion(*m_shared, book, "  ").error().code,
                 ErrorCode::InvalidArgument);
    }

    void chineseBooksAreAskedInChinese()
    {
        const auto book = makeBook(
            "zh",
            {"玛拉在灯室的地板下找到了账本。\n夜里起了风暴。", "空船漂到了堤道边。",
             "玛拉在窗边读完账本，把它藏进了大衣。\n天亮前她去了港口。"},
            StoryBible{"守塔人与账本", {{"玛拉", "守塔人", "独自看守灯塔。", "独自"}}, {}});
        auto context = retrieveForQuestion(*m_shared, book, "玛拉最后一次见到账本是什么时候？");
        QVERIFY2(context.has_value(), context ? "" : context.error().message.c_str());
        QVERIFY(!context->passages.empty());
        QCOMPARE(context->passages.front().position, 3);
        auto prompt = buildAskPrompt(*context, m_prompts);
        QVERIFY(prompt.has_value());
        QVERIFY(prompt->user.find("问题：") != std::string::npos);
    }

    void answerCitesLocatedQuotesAndIsRecorded()
    {
        const auto book = englishBook();
        auto context = retrieveForQuestion(*m_shared, book, "When did Mara last see the ledger?");
        QVERIFY(context.has_value());
        auto prompt = buildAskPrompt(*context, m_prompts);
        QVERIFY(prompt.has_value());
        CatalogBasis prices;
        prices.promptPriceLow = prices.promptPrice = prices.promptPriceHigh = 1e-6;
        prices.completionPriceLow = prices.completionPrice = prices.completionPriceHigh = 2e-6;
        const AskForecast forecast = forecastAsk(*prompt, prices);
        QVERIFY(forecast.costUsd.low < forecast.costUsd.expected);
        QVERIFY(forecast.costUsd.expected < forecast.costUsd.high);
        QCOMPARE(forecast.completionTokens.high, double(kAskMaxTokens));

        const json reply
            = {{"answer", "In chapter 3, when she read it by the window and hid it in her coat."},
               {"citations",
                {{{"chapter", 3}, {"quote", "hid it in her   coat"}},
                 {{"chapter", 2}, {"quote", "a sentence nobody wrote"}},
                 {{"chapter", 9}, {"quote", "no such chapter"}}}}};
        m_generator->push(test::ScriptedReply(reply.dump()));
        PipelineOptions options;
        PipelineContext pipeline{*m_shared, *m_generator, m_prompts, options, {}, {}, {}, {}};
        auto answer = askManuscript(pipeline, book, *prompt);
        QVERIFY2(answer.has_value(), answer ? "" : answer.error().message.c_str());
        QVERIFY(answer->answer.find("chapter 3") != std::string::npos);
        QCOMPARE(answer->citations.size(), std::size_t(3));
        const AskCitation &located = answer->citations[0];
        QVERIFY(located.located);
        auto chapter = store::ChapterStore(*m_db).getAt(book, 3);
        QCOMPARE(located.chapterId, chapter->id);
        QCOMPARE(chapter->body.substr(located.begin, located.end - located.begin),
                 std::string("hid it in her coat"));
        QVERIFY(!answer->citations[1].located);
        QVERIFY(answer->citations[1].chapterId != 0);
        QCOMPARE(answer->citations[2].chapterId, std::int64_t(0));
        // Recorded as an "ask" step on the book, with the JSON checks (not the prose ones).
        QCOMPARE(answer->generationIds.size(), std::size_t(1));
        auto stmt = m_db->prepare("SELECT stage, book_id FROM generations WHERE id = ?");
        QVERIFY(stmt.has_value());
        stmt->bind(1, answer->generationIds.front());
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->text(0), std::string("ask"));
        QCOMPARE(stmt->int64(1), book);
        QCOMPARE(m_generator->tasks.back().stage, std::string("ask"));

        // A reply without an answer is retried, then reported.
        m_generator->push(test::ScriptedReply(json{{"citations", json::array()}}.dump()));
        m_generator->push(test::ScriptedReply(json{{"citations", json::array()}}.dump()));
        m_generator->push(test::ScriptedReply(json{{"citations", json::array()}}.dump()));
        options.jsonRetries = 2;
        PipelineContext strict{*m_shared, *m_generator, m_prompts, options, {}, {}, {}, {}};
        auto none = askManuscript(strict, book, *prompt);
        QVERIFY(!none.has_value());
        QCOMPARE(none.error().code, ErrorCode::Parse);
    }
};

QTEST_GUILESS_MAIN(TestManuscriptQuestion)
#include "test_manuscript_question.moc"
