// The pipeline steps (book setup, outline, draft, length guard, finalize) against a scripted
// generator and a real library in a temporary directory.
#include "novel/book_setup.h"
#include "novel/chapter_finalizer.h"
#include "novel/chapter_pipeline.h"
#include "novel/outline_generator.h"
#include "novel/shared_database.h"
#include "scripted_generator.h"
#include "store/beat_store.h"
#include "store/bible_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/library_settings.h"
#include "store/revision_store.h"
#include "store/writing_log.h"
#include "util/text_stats.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

namespace {

std::string words(int count, const std::string &word = "sea")
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out += word + (i + 1 < count ? " " : ".");
    return out;
}

json outlineJson(const std::vector<int> &numbers)
{
    json chapters = json::array();
    for (int n : numbers)
        chapters.push_back({{"number", n},
                            {"title", "Title " + std::to_string(n)},
                            {"purpose", "purpose"},
                            {"key_events", {"event one", "event two"}},
                            {"characters", {"Mara"}},
                            {"foreshadowing", {"the bell"}},
                            {"summary", "Mara climbs the tower " + std::to_string(n)}});
    return json{{"chapters", chapters}};
}

std::string outlineReply(const std::vector<int> &numbers)
{
    return "Here is the outline:\n```json\n" + outlineJson(numbers).dump() + "\n```";
}

} // namespace

class TestNovelPipeline : public QObject {
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
        options.outlineChunkSize = 5;
        return PipelineContext{*m_shared, *m_generator, m_prompts, options, {}, {}, {}, {}};
    }

    std::int64_t makeBook(const std::string &language = "en", int chapters = 0,
                          std::int64_t chapterTarget = 100)
    {
        BookSetupRequest request;
        request.title = "Book " + std::to_string(++m_counter);
        request.premise = "A lighthouse keeper and a ship that does not exist.";
        request.language = language;
        request.chapters = 10;
        request.chapterTarget = chapterTarget;
        auto id = createBook(*m_shared, request);
        if (!id)
            qFatal("createBook failed");
        StoryBible bible{"Core idea",
                         {{"Mara", "keeper", "Keeps the light.", "alone"}},
                         {{"place", "Isle", "A rock in the sea."}}};
        if (!storeBible(*m_shared, *id, bible, language))
            qFatal("storeBible failed");
        for (int p = 1; p <= chapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Chapter " + std::to_string(p);
            c.outline = "Mara tends the lamp in chapter " + std::to_string(p) + ".";
            c.targetLength = chapterTarget;
            if (!store::ChapterStore(*m_db).add(*id, c))
                qFatal("add chapter failed");
        }
        return *id;
    }

    std::vector<store::ChapterListItem> chapters(std::int64_t book)
    {
        return store::ChapterStore(*m_db).list(book).value();
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
    }

    void cleanup()
    {
        m_generator.reset();
        m_shared.reset();
        m_db.reset();
    }

    void aContinuedBookCarriesItsOwnPromptBudget()
    {
        // An analysed book's chapter can name more of the bible than the pipeline's 6,000
        // tokens hold; the book's own budget (set when a continuation is outlined) makes room.
        const auto book = makeBook("en", 2);
        std::string outline = "The keepers meet:";
        store::BibleStore bible(*m_db);
        for (int i = 0; i < 30; ++i) {
            store::BibleEntry entry;
            entry.bookId = book;
            entry.kind = store::BibleKind::Character;
            // Distinct names of one length, so none is found inside another.
            entry.name = std::string{'Q', static_cast<char>('a' + i / 5),
                                     static_cast<char>('a' + i % 5), 'x'};
            entry.text = words(400, "lamp");
            QVERIFY(bible.add(entry).has_value());
            outline += " " + entry.name;
        }
        auto chapter = store::ChapterStore(*m_db).getAt(book, 2);
        QVERIFY(chapter.has_value());
        chapter->outline = outline + ".";
        QVERIFY(store::ChapterStore(*m_db).updateMeta(*chapter).has_value());

        auto ctx = context();
        auto tight = previewDraft(ctx, book, 2);
        QVERIFY(!tight.has_value());
        QCOMPARE(tight.error().code, ErrorCode::TooLarge);
        store::LibrarySettings settings(*m_db);
        // A malformed or smaller setting keeps the pipeline's budget.
        QVERIFY(settings.setValue(bookPromptTokensKey(book), "plenty").has_value());
        QCOMPARE(assemblyBudgetFor(ctx, book).totalTokens, ctx.options.assembly.totalTokens);
        QVERIFY(settings.setValue(bookPromptTokensKey(book), "1000").has_value());
        QCOMPARE(assemblyBudgetFor(ctx, book).totalTokens, ctx.options.assembly.totalTokens);
        QVERIFY(settings.setValue(bookPromptTokensKey(book), "16000").has_value());
        auto roomy = previewDraft(ctx, book, 2);
        QVERIFY2(roomy.has_value(), roomy ? "" : roomy.error().message.c_str());
        QVERIFY(roomy->totalTokens > ctx.options.assembly.totalTokens);
        QVERIFY(roomy->totalTokens <= 16000);
        // Another book keeps the pipeline's budget.
        const auto other = makeBook("en", 1);
        QCOMPARE(assemblyBudgetFor(ctx, other).totalTokens, ctx.options.assembly.totalTokens);
    }

    void outlineRetriesMalformedOutput_data()
    {
        QTest::addColumn<QString>("bad");
        QTest::newRow("empty") << "";
        QTest::newRow("truncated") << "{\"chapters\":[{\"number\":1,\"title\":\"The Ga";
        QTest::newRow("prose") << "I'd be happy to help with your novel!";
    }

    void outlineRetriesMalformedOutput()
    {
        QFETCH(QString, bad);
        const auto book = makeBook();
        m_generator->push({bad.toStdString(), "length"});
        m_generator->push({outlineReply({1, 2, 3}), "stop"});
        PipelineContext ctx = context();
        auto report = outlineBook(ctx, book, 3);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->requests, 2);
        QCOMPARE(chapters(book).size(), std::size_t(3));
        // A reply cut by max_tokens is retried with more room.
        QVERIFY(*m_generator->tasks[1].request.maxTokens
                > *m_generator->tasks[0].request.maxTokens);
    }

    void outlineGivesUpWithoutStoring()
    {
        const auto book = makeBook();
        m_generator->push({"", "stop"});
        m_generator->push({"{\"chapters\":[{\"number\":1,", "length"});
        PipelineContext ctx = context();
        auto report = outlineBook(ctx, book, 3);
        QVERIFY(!report.has_value());
        QCOMPARE(report.error().code, ErrorCode::Parse);
        QCOMPARE(chapters(book).size(), std::size_t(0)); // never stored as a chapter
    }

    void outlineRepairsGaps()
    {
        const auto book = makeBook();
        m_generator->push({outlineReply({1, 2, 4, 5}), "stop"}); // skips 3
        m_generator->push({outlineReply({3, 4, 5, 6, 7}), "stop"});
        m_generator->push({outlineReply({8}), "stop"});
        PipelineContext ctx = context();
        auto report = outlineBook(ctx, book, 8);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->gapRepairs, 1);
        QCOMPARE(report->requests, 3);
        const auto list = chapters(book);
        QCOMPARE(list.size(), std::size_t(8));
        for (std::size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].position, int(i) + 1);
            QCOMPARE(list[i].title, "Title " + std::to_string(i + 1));
        }
        // The second chunk continued from the gap and saw the outline so far.
        const std::string &user = m_generator->tasks[1].request.messages[1].content;
        QVERIFY(user.find("Outline chapters 3 to") != std::string::npos);
        QVERIFY(user.find("Title 2") != std::string::npos);
    }

    void outlineContinuesAfterLastOutlined()
    {
        const auto book = makeBook("en", 3);
        m_generator->push({outlineReply({4, 5}), "stop"});
        PipelineContext ctx = context();
        auto report = outlineBook(ctx, book, 5);
        QVERIFY(report.has_value());
        QCOMPARE(report->firstChapter, 4);
        QCOMPARE(report->lastChapter, 5);
        QCOMPARE(m_generator->tasks.size(), std::size_t(1));
        QCOMPARE(chapters(book).size(), std::size_t(5));
        // The request names its stage: the routing config's stage policy applies.
        QCOMPARE(m_generator->tasks[0].request.stage, std::string("outline"));
    }

    void outlineStoresBeats()
    {
        const auto book = makeBook("en", 1);
        // Chapter 1 is outlined already and has the writer's beats; outlining goes on from 2.
        const auto one = store::ChapterStore(*m_db).getAt(book, 1).value();
        QVERIFY(store::BeatStore(*m_db).add(store::Beat{.chapterId = one.id, .text = "mine"}));
        json reply = outlineJson({2, 3});
        reply["chapters"][0]["beats"] = {{{"text", "Mara sees the ship"}, {"pov", "Mara"}},
                                         {{"text", "The lamp fails"}, {"location", "the tower"}},
                                         "Ilse arrives"};
        m_generator->push({reply.dump(), "stop"});
        PipelineContext ctx = context();
        auto report = outlineBook(ctx, book, 3);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        // The request asked for beats (the schema offers them).
        const std::string &user = m_generator->tasks[0].request.messages[1].content;
        QVERIFY(user.find("\"beats\"") != std::string::npos);
        store::BeatStore beats(*m_db);
        const auto two = beats.list(store::ChapterStore(*m_db).getAt(book, 2)->id).value();
        QCOMPARE(two.size(), std::size_t(3));
        QCOMPARE(two[0].text, std::string("Mara sees the ship"));
        QCOMPARE(two[0].pov, std::string("Mara"));
        QCOMPARE(two[1].location, std::string("the tower"));
        QCOMPARE(two[2].text, std::string("Ilse arrives"));
        QVERIFY(beats.list(store::ChapterStore(*m_db).getAt(book, 3)->id)->empty());
        QCOMPARE(beats.list(one.id)->size(), std::size_t(1)); // not outlined again: kept
    }

    void draftFollowsBeatsInOrder()
    {
        const auto book = makeBook("en", 2, 100);
        const auto two = store::ChapterStore(*m_db).getAt(book, 2).value();
        store::BeatStore beats(*m_db);
        const auto last = beats.add(store::Beat{.chapterId = two.id, .text = "THIRD beat"});
        QVERIFY(last.has_value());
        QVERIFY(
            beats.add(store::Beat{.chapterId = two.id, .text = "FIRST beat", .pov = "Mara"}, 0));
        QVERIFY(beats.add(
            store::Beat{.chapterId = two.id, .text = "SECOND beat", .location = "Isle"}, 1));
        m_generator->push({words(120), "stop"});
        PipelineContext ctx = context();
        auto report = draftChapter(ctx, book, 2);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        const std::string &user = m_generator->tasks[0].request.messages[1].content;
        const auto first = user.find("1. FIRST beat (POV: Mara)");
        const auto second = user.find("2. SECOND beat (location: Isle)");
        const auto third = user.find("3. THIRD beat");
        QVERIFY2(first != std::string::npos, user.c_str());
        QVERIFY(first < second && second < third && third != std::string::npos);
        QVERIFY(user.find("Outline of this chapter") < first);
        // The preview shows the same beats as their own block.
        auto preview = previewDraft(ctx, book, 2);
        QVERIFY(preview.has_value());
        bool found = false;
        for (const PromptBlock &b : preview->blocks)
            if (b.kind == BlockKind::Beats)
                found = b.text.starts_with("1. FIRST beat")
                    && b.text.find("3. THIRD") != std::string::npos;
        QVERIFY(found);
        // Reordered beats are followed in their new order.
        QVERIFY(beats.move(*last, 0));
        m_generator->push({words(120), "stop"});
        QVERIFY(draftChapter(ctx, book, 2).has_value());
        const std::string &again = m_generator->tasks.back().request.messages[1].content;
        QVERIFY(again.find("1. THIRD beat") != std::string::npos);
        QVERIFY(again.find("2. FIRST beat") != std::string::npos);
    }

    void bibleIsGeneratedAndStored()
    {
        BookSetupRequest request;
        request.title = "Fresh";
        request.premise = "premise";
        auto book = createBook(*m_shared, request);
        QVERIFY(book.has_value());
        m_generator->push({"", "stop"}); // malformed first: retried
        m_generator->push(
            {json{{"core_idea", "idea"},
                  {"characters",
                   {{{"name", "Ilse"},
                     {"role", "r"},
                     {"description", "d"},
                     {"initial_state", "s"}}}},
                  {"world", {{{"kind", "place"}, {"name", "Harbour"}, {"description", "x"}}}}}
                 .dump(),
             "stop"});
        PipelineContext ctx = context();
        auto bible = generateBible(ctx, *book, request);
        QVERIFY2(bible.has_value(), bible ? "" : bible.error().message.c_str());
        auto loaded = loadBible(*m_shared, *book);
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->coreIdea, std::string("idea"));
        QCOMPARE(loaded->characters.size(), std::size_t(1));
        QCOMPARE(loaded->world.size(), std::size_t(1));
        QVERIFY(m_generator->tasks[0].request.messages[1].content.find("<schema>")
                != std::string::npos);
        QCOMPARE(m_generator->tasks[0].request.stage, std::string("bible"));
        QCOMPARE(m_generator->tasks[1].request.stage, std::string("bible")); // the retry too
    }

    void lengthGuardContinuesWithPrefill()
    {
        const auto book = makeBook("en", 2, 100);
        const std::string first = words(30);
        m_generator->push({first, "length"});
        m_generator->push({" " + words(80, "wave"), "stop"});
        PipelineContext ctx = context();
        auto report = draftChapter(ctx, book, 1);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->continuations, 1);
        QCOMPARE(report->length, std::size_t(110));
        QCOMPARE(m_generator->tasks.size(), std::size_t(2));
        QCOMPARE(m_generator->tasks[1].stage, std::string("continue"));
        QCOMPARE(m_generator->tasks[1].request.prefill, first);
        QCOMPARE(m_generator->tasks[0].request.stage, std::string("draft"));
        QCOMPARE(m_generator->tasks[1].request.stage, std::string("continue"));
        const auto chapter = store::ChapterStore(*m_db).getAt(book, 1).value();
        QCOMPARE(countText(chapter.body).length(), std::size_t(110));
        QCOMPARE(chapter.status, store::ChapterStatus::Generated);
        // A stored draft is the day's accepted writing, not the writer's own.
        const std::string today = store::localDay(store::nowMs());
        const auto days = store::WritingLog(*m_db).history(book, today, today).value();
        QCOMPARE(days.size(), std::size_t(1));
        QCOMPARE(days[0].accepted, 110);
        QCOMPARE(days[0].byHand, 0);
    }

    void budgetCutDraftIsKeptAndContinuedNotRedone()
    {
        const auto book = makeBook("en", 1, 100);
        const std::int64_t since = store::nowMs();
        const std::string first = words(30);
        m_generator->push({first, "length"});
        test::ScriptedReply refused;
        refused.error = ErrorCode::Budget;
        refused.costUsd = 0;
        m_generator->push(refused);
        PipelineContext ctx = context();
        DraftOptions options;
        options.continueSince = since;
        auto cut = draftChapter(ctx, book, 1, options);
        // The cap stopped the length guard: the text paid for is kept, the chapter is not done.
        QVERIFY(!cut);
        QCOMPARE(cut.error().code, ErrorCode::Budget);
        QCOMPARE(store::ChapterStore(*m_db).getAt(book, 1)->body, first);
        QVERIFY(draftCutShort(ctx, book, 1, since));
        // With money again, the chapter is continued from its text, not drafted anew.
        m_generator->push({" " + words(80, "wave"), "stop"});
        auto continued = draftChapter(ctx, book, 1, options);
        QVERIFY2(continued.has_value(), continued ? "" : continued.error().message.c_str());
        QCOMPARE(m_generator->tasks.size(), std::size_t(3));
        QCOMPARE(m_generator->tasks[2].stage, std::string("continue"));
        QCOMPARE(m_generator->tasks[2].request.prefill, first);
        QCOMPARE(continued->length, std::size_t(110));
        QVERIFY(!draftCutShort(ctx, book, 1, since));
        // A body written before the batch began is drafted anew, as before.
        m_generator->push({words(120), "stop"});
        options.continueSince = store::nowMs() + 60'000;
        QVERIFY(draftChapter(ctx, book, 1, options).has_value());
        QCOMPARE(m_generator->tasks.back().stage, std::string("draft"));
    }

    void lengthGuardStopsAtLimit()
    {
        const auto book = makeBook("en", 1, 1000);
        for (int i = 0; i < 5; ++i)
            m_generator->push({" " + words(20), "length"});
        PipelineContext ctx = context();
        ctx.options.maxContinuations = 2;
        auto report = draftChapter(ctx, book, 1);
        QVERIFY(report.has_value());
        QCOMPARE(report->continuations, 2);
        QCOMPARE(m_generator->tasks.size(), std::size_t(3));
    }

    void regenerateKeepsRevision()
    {
        const auto book = makeBook("en", 1, 10);
        m_generator->push({"First version. " + words(20), "stop"});
        m_generator->push({"Second version. " + words(20), "stop"});
        PipelineContext ctx = context();
        QVERIFY(draftChapter(ctx, book, 1).has_value());
        auto second = draftChapter(ctx, book, 1);
        QVERIFY(second.has_value());
        QVERIFY(second->revisionKept);
        const auto chapter = store::ChapterStore(*m_db).getAt(book, 1).value();
        QVERIFY(chapter.body.starts_with("Second version."));
        auto revisions = store::RevisionStore(*m_db).list(chapter.id);
        QVERIFY(revisions.has_value());
        QCOMPARE(revisions->size(), std::size_t(1));
        auto old = store::RevisionStore(*m_db).get(revisions->front().id);
        QVERIFY(old.has_value());
        QVERIFY(old->body.starts_with("First version."));
    }

    void emptyOrFailedDraftIsNotStored_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("error"); // -1: none
        QTest::addColumn<int>("expected");
        QTest::newRow("empty") << "" << -1 << int(ErrorCode::Parse);
        QTest::newRow("whitespace") << " \n " << -1 << int(ErrorCode::Parse);
        QTest::newRow("rate limit") << "" << int(ErrorCode::RateLimit) << int(ErrorCode::RateLimit);
        QTest::newRow("credits") << "" << int(ErrorCode::Credits) << int(ErrorCode::Credits);
    }

    void emptyOrFailedDraftIsNotStored()
    {
        QFETCH(QString, text);
        QFETCH(int, error);
        QFETCH(int, expected);
        const auto book = makeBook("en", 1, 10);
        test::ScriptedReply reply{text.toStdString(), "stop"};
        if (error >= 0)
            reply.error = static_cast<ErrorCode>(error);
        m_generator->push(reply);
        PipelineContext ctx = context();
        auto report = draftChapter(ctx, book, 1);
        QVERIFY(!report.has_value());
        QCOMPARE(int(report.error().code), expected);
        const auto chapter = store::ChapterStore(*m_db).getAt(book, 1).value();
        QVERIFY(chapter.body.empty());
        QCOMPARE(chapter.status, store::ChapterStatus::Planned);
    }

    void draftUsesTheEndOfThePreviousChapter()
    {
        const auto book = makeBook("en", 2, 100);
        const std::string body = "START_MARK " + words(3000, "fog") + " END_MARK.";
        QVERIFY(store::ChapterStore(*m_db)
                    .replaceBody(store::ChapterStore(*m_db).getAt(book, 1)->id, body,
                                 store::BodySource::Writer)
                    .has_value());
        PipelineContext ctx = context();
        auto prompt = previewDraft(ctx, book, 2);
        QVERIFY(prompt.has_value());
        QVERIFY(prompt->user.find("END_MARK") != std::string::npos);
        QVERIFY(prompt->user.find("START_MARK") == std::string::npos);
        QVERIFY(prompt->user.find("Mara tends the lamp in chapter 3") == std::string::npos);
        QVERIFY(prompt->user.find("Mara tends the lamp in chapter 2") != std::string::npos);
        // Outline-only drafting (parallel batches) leaves the previous chapter out.
        auto outlineOnly = previewDraft(ctx, book, 2, true);
        QVERIFY(outlineOnly.has_value());
        QVERIFY(outlineOnly->user.find("END_MARK") == std::string::npos);
    }

    void chineseBookUsesChineseTemplates()
    {
        const auto book = makeBook("zh", 1, 500);
        m_generator->push({"灯塔的光在雾里摇晃。", "stop"});
        PipelineContext ctx = context();
        ctx.options.maxContinuations = 0;
        auto report = draftChapter(ctx, book, 1);
        QVERIFY(report.has_value());
        QCOMPARE(report->unit, std::string("characters"));
        QCOMPARE(report->length, std::size_t(9));
        const std::string today = store::localDay(store::nowMs());
        const auto days = store::WritingLog(*m_db).history(book, today, today).value();
        QCOMPARE(days.size(), std::size_t(1));
        QCOMPARE(days[0].accepted, 9); // characters, as the book counts
        const auto &messages = m_generator->tasks[0].request.messages;
        QVERIFY(messages[0].content.find("简体中文") != std::string::npos);
        QVERIFY(messages[1].content.find("500字") != std::string::npos);
    }

    void finalizeUpdatesSummariesAndStates()
    {
        const auto book = makeBook("en", 2, 10);
        m_generator->push({"Draft text of chapter one. " + words(20), "stop"});
        m_generator->push({"SUMMARY_ONE", "stop"});
        m_generator->push({"GLOBAL_ONE", "stop"});
        m_generator->push({"STATES_ONE", "stop"});
        PipelineContext ctx = context();
        QVERIFY(draftChapter(ctx, book, 1).has_value());
        auto report = finalizeChapter(ctx, book, 1);
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        QCOMPARE(report->ran.size(), std::size_t(3));
        QCOMPARE(m_generator->tasks[1].stage, std::string("summary"));
        QCOMPARE(m_generator->tasks[2].stage, std::string("global_summary"));
        QCOMPARE(m_generator->tasks[3].stage, std::string("character_states"));
        // Each request names the stage it is recorded under (its routing stage policy).
        for (const GenerationTask &task : m_generator->tasks)
            QCOMPARE(task.request.stage, task.stage);
        // The global summary step sees the fresh chapter summary.
        QVERIFY(m_generator->tasks[2].request.messages[1].content.find("SUMMARY_ONE")
                != std::string::npos);
        const auto chapter = store::ChapterStore(*m_db).getAt(book, 1).value();
        QCOMPARE(chapter.summary, std::string("SUMMARY_ONE"));
        QCOMPARE(chapter.endState, std::string("STATES_ONE"));
        // Chapter 2 is drafted from them.
        auto next = loadChapterContext(*m_shared, book, 2, false);
        QVERIFY(next.has_value());
        QCOMPARE(next->globalSummary, std::string("GLOBAL_ONE"));
        QCOMPARE(next->characterStates, std::string("STATES_ONE"));
        QCOMPARE(next->recentSummaries.size(), std::size_t(1));
    }

    void finalizeNeedsText()
    {
        const auto book = makeBook("en", 1, 10);
        PipelineContext ctx = context();
        auto report = finalizeChapter(ctx, book, 1);
        QVERIFY(!report.has_value());
        QCOMPARE(report.error().code, ErrorCode::InvalidArgument);
        QVERIFY(m_generator->tasks.empty());
    }
};

QTEST_GUILESS_MAIN(TestNovelPipeline)
#include "test_novel_pipeline.moc"
