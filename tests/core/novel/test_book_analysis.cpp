// The analysis of a writer's own book (issue 16, continue an existing novel): chunking (a
// 2,000-chapter book planned without sending anything), the reply's schema and parsing, merging
// entries across chunks by name and alias, provenance, unreviewed entries kept out of prompts,
// resuming after a budget stop, a Chinese book, and the forecast.
#include "novel/book_analysis.h"
#include "novel/chapter_pipeline.h"
#include "novel/shared_database.h"
#include "novel/story_plan.h"
#include "scripted_generator.h"
#include "store/analysis_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

namespace {

/// The chapter range a prompt's schema asks for (the first chapter number's bounds).
std::pair<int, int> askedRange(const GenerationTask &task)
{
    const std::string &user = task.request.messages.back().content;
    const auto open = user.rfind("<schema>");
    const json schema = json::parse(user.substr(open + 8, user.find("</schema>") - open - 8));
    const json &number = schema["properties"]["chapters"]["items"]["properties"]["number"];
    return {number["minimum"].get<int>(), number["maximum"].get<int>()};
}

json reply(int first, int last, const json &entries = json::array(),
           const std::string &story = "The story so far.")
{
    json chapters = json::array();
    for (int n = first; n <= last; ++n)
        chapters.push_back(
            {{"number", n},
             {"summary", "Summary of chapter " + std::to_string(n) + "."},
             {"character_states", "Mara: at the light after chapter " + std::to_string(n) + "."}});
    return {{"chapters", chapters},
            {"entries", entries},
            {"story_so_far", story},
            {"voice", "Close third person on Mara, past tense, plain short sentences."}};
}

json entry(const std::string &kind, const std::string &name, const json &aliases,
           const std::string &text, int chapter)
{
    return {
        {"kind", kind}, {"name", name}, {"aliases", aliases}, {"text", text}, {"chapter", chapter}};
}

} // namespace

class TestBookAnalysis : public QObject {
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
        options.jsonRetries = 0;
        return PipelineContext{*m_shared, *m_generator, m_prompts, options, {}, {}, {}, {}};
    }

    static AnalysisOptions twoPerChunk()
    {
        AnalysisOptions options;
        options.maxChaptersPerChunk = 2;
        return options;
    }

    std::int64_t makeBook(int chapters, const std::string &language = "en")
    {
        auto id = store::BookStore(*m_db).create(
            store::Book{.title = "Imported " + std::to_string(++m_counter), .language = language});
        if (!id)
            qFatal("create book failed");
        for (int p = 1; p <= chapters; ++p) {
            store::Chapter c;
            c.position = p;
            c.title = "Chapter " + std::to_string(p);
            c.body = language == "zh" ? "玛拉爬上灯塔的九十级台阶，望着堤道下空无一人的小船。"
                                      : "Mara climbed the ninety steps to the lamp room and "
                                        "looked at the empty boat below the causeway.";
            c.status = store::ChapterStatus::Edited;
            if (!store::ChapterStore(*m_db).add(*id, c))
                qFatal("add chapter failed");
        }
        return *id;
    }

    std::vector<store::BibleEntry> bible(std::int64_t book)
    {
        auto entries = store::BibleStore(*m_db).list(book);
        return entries ? *entries : std::vector<store::BibleEntry>{};
    }

    const store::BibleEntry *find(const std::vector<store::BibleEntry> &entries,
                                  const std::string &name)
    {
        for (const store::BibleEntry &e : entries)
            if (e.name == name)
                return &e;
        return nullptr;
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

    void chunksNeverSplitAChapter()
    {
        AnalysisOptions options;
        options.chunkTokens = 10000;
        options.maxChaptersPerChunk = 12;
        options.contextTokens = 40000; // at most 20,000 tokens of one chapter
        std::vector<ChapterExtent> chapters;
        for (int p = 1; p <= 2000; ++p)
            chapters.push_back({p * 10, p, static_cast<std::size_t>(500 + (p * 37) % 3000)});
        chapters[99].tokens = 15000; // over the chunk budget: its own chunk, whole
        chapters[499].tokens = 90000; // over the context: its own chunk, cut
        const auto chunks = chunkChapters(chapters, options);
        int next = 1;
        int cut = 0;
        for (const AnalysisChunk &chunk : chunks) {
            QVERIFY(!chunk.chapters.empty());
            QVERIFY(chunk.chapters.size() <= 12);
            for (const ChapterExtent &c : chunk.chapters)
                QCOMPARE(c.position, next++);
            if (chunk.chapters.size() > 1)
                QVERIFY(chunk.tokens <= options.chunkTokens);
            cut += chunk.cut ? 1 : 0;
        }
        QCOMPARE(next, 2001);
        QCOMPARE(cut, 1);
        const auto single = [&](int position) {
            return std::ranges::find_if(
                chunks, [&](const AnalysisChunk &c) { return c.first() == position; });
        };
        QCOMPARE(single(100)->chapters.size(), std::size_t(1));
        QVERIFY(!single(100)->cut);
        QCOMPARE(single(500)->chapters.size(), std::size_t(1));
        QVERIFY(single(500)->cut);
        QCOMPARE(single(500)->tokens, maxChapterTokens(options));
        // Chunks are full: no fewer than the total divided by the budget.
        QVERIFY(chunks.size() < 2000 / 3);
    }

    void aGapInThePositionsEndsAChunk()
    {
        const auto chunks = chunkChapters({{1, 1, 10}, {2, 2, 10}, {4, 4, 10}, {5, 5, 10}}, {});
        QCOMPARE(chunks.size(), std::size_t(2));
        QCOMPARE(chunks[0].last(), 2);
        QCOMPARE(chunks[1].first(), 4);
    }

    void aLongChapterIsCutWithANote()
    {
        AnalysisOptions options;
        options.contextTokens = 8000; // 4,000 tokens of chapter at most
        std::string body;
        for (int i = 0; i < 2000; ++i)
            body += "Sentence number " + std::to_string(i) + " of a very long chapter.\n";
        const AnalysisChunk chunk{{{1, 1, 30000}}, 4000, true};
        auto prompt = buildAnalysisPrompt(chunk, {{"Long", body}}, {}, "en", m_prompts, options);
        QVERIFY(prompt.has_value());
        QVERIFY(prompt->user.find("Sentence number 0 ") != std::string::npos);
        QVERIFY(prompt->user.find("Sentence number 1999 ") != std::string::npos);
        QVERIFY(prompt->user.find("Sentence number 1000 ") == std::string::npos);
        QVERIFY(prompt->user.find("the middle of this chapter is left out") != std::string::npos);
        QVERIFY(prompt->promptTokens < 6000);
    }

    void plansA2000ChapterBookWithoutSending()
    {
        const std::int64_t book = makeBook(2000);
        AnalysisOptions options;
        options.maxChaptersPerChunk = 12;
        CatalogBasis prices;
        prices.promptPrice = prices.promptPriceLow = prices.promptPriceHigh = 1e-6;
        prices.completionPrice = prices.completionPriceLow = prices.completionPriceHigh = 2e-6;
        auto forecast = forecastAnalysis(*m_shared, m_prompts, book, prices, options);
        QVERIFY2(forecast.has_value(), forecast ? "" : forecast.error().message.c_str());
        QVERIFY(m_generator->tasks.empty());
        QCOMPARE(forecast->chapters, 2000);
        QCOMPARE(forecast->chunks, 167); // 12 short chapters a chunk
        QCOMPARE(forecast->basis, std::string("default"));
        QVERIFY(forecast->promptTokens.expected > 2000 * 20);
        const double expectedCost
            = forecast->promptTokens.expected * 1e-6 + forecast->completionTokens.expected * 2e-6;
        QCOMPARE(forecast->costUsd.expected, expectedCost);
        QVERIFY(forecast->costUsd.low < forecast->costUsd.expected);
        QVERIFY(forecast->costUsd.high > forecast->costUsd.expected);
        QVERIFY(forecast->wallSeconds.expected > 0);
    }

    void storesSummariesStatesAndUnreviewedEntriesWithProvenance()
    {
        const std::int64_t book = makeBook(4);
        m_generator->fallback = [](const GenerationTask &task) {
            const auto [first, last] = askedRange(task);
            json entries = json::array();
            if (first == 1)
                entries.push_back(
                    entry("character", "Mara Quill", {"Mara"}, "The keeper of Skerry Light.", 2));
            else
                entries.push_back(
                    entry("place", "Skerry Light", json::array(), "A lighthouse on a rock.", 3));
            return test::ScriptedReply(reply(first, last, entries).dump());
        };
        PipelineContext ctx = context();
        auto report = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(report.has_value());
        QVERIFY(!report->stopped);
        QCOMPARE(report->chunks, 2);
        QCOMPARE(report->chapters, 4);
        QCOMPARE(report->entriesAdded, 2);
        QCOMPARE(m_generator->tasks.size(), std::size_t(2));
        QCOMPARE(m_generator->tasks[0].stage, std::string("analyse"));

        auto third = store::ChapterStore(*m_db).getAt(book, 3);
        QCOMPARE(third->summary, std::string("Summary of chapter 3."));
        QCOMPARE(third->endState, std::string("Mara: at the light after chapter 3."));

        const auto entries = bible(book);
        const store::BibleEntry *mara = find(entries, "Mara Quill");
        QVERIFY(mara);
        QCOMPARE(mara->origin, store::BibleOrigin::Analysis);
        QVERIFY(!mara->reviewed);
        QCOMPARE(mara->sourceChapterId,
                 std::optional(store::ChapterStore(*m_db).getAt(book, 2)->id));
        const store::BibleEntry *light = find(entries, "Skerry Light");
        QVERIFY(light);
        QCOMPARE(light->sourceChapterId, std::optional(third->id));
        QVERIFY(find(entries, std::string(kGlobalSummaryEntry)));
        const store::BibleEntry *voice = find(entries, std::string(kVoiceEntry));
        QVERIFY(voice);
        QCOMPARE(voice->kind, store::BibleKind::Style);

        auto analysed = store::AnalysisStore(*m_db).analysedChapters(book);
        QCOMPARE(analysed->size(), std::size_t(4));
        auto status = analysisStatus(*m_shared, book);
        QCOMPARE(status->analysed, 4);
        QCOMPARE(status->unreviewed, 4); // two entries, the story so far, the voice

        // Prompts use reviewed entries only: nothing until the writer accepts.
        auto before = loadChapterContext(*m_shared, book, 4, false, 3);
        QVERIFY(before.has_value());
        QVERIFY(before->bible.empty());
        QVERIFY(before->globalSummary.empty());
        QCOMPARE(before->characterStates, std::string("Mara: at the light after chapter 3."));
        QCOMPARE(*store::BibleStore(*m_db).acceptAll(book), 4);
        auto after = loadChapterContext(*m_shared, book, 4, false, 3);
        QCOMPARE(after->bible.size(), std::size_t(2));
        QCOMPARE(after->globalSummary, std::string("The story so far."));
        QVERIFY(after->styleGuide.find("past tense") != std::string::npos);
    }

    void mergesEntriesAcrossChunksByNameAndAlias()
    {
        const std::int64_t book = makeBook(6);
        m_generator->fallback = [](const GenerationTask &task) {
            const auto [first, last] = askedRange(task);
            json entries = json::array();
            if (first == 1)
                entries.push_back(
                    entry("character", "Mara Quill", {"Mara"}, "Keeper of the light.", 1));
            else if (first == 3) // known by an alias, with a new one
                entries.push_back(entry("character", "Mara", {"the Keeper"},
                                        "Keeper of the light, now injured.", 4));
            else // a new name that is the new alias
                entries.push_back(
                    entry("character", "The Keeper", json::array(), "Injured and hiding.", 6));
            return test::ScriptedReply(reply(first, last, entries).dump());
        };
        PipelineContext ctx = context();
        auto report = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(report.has_value());
        QCOMPARE(report->entriesAdded, 1);
        QCOMPARE(report->entriesUpdated, 2);
        int characters = 0;
        for (const store::BibleEntry &e : bible(book))
            characters += e.kind == store::BibleKind::Character ? 1 : 0;
        QCOMPARE(characters, 1);
        const auto entries = bible(book);
        const store::BibleEntry *mara = find(entries, "Mara Quill");
        QVERIFY(mara);
        QCOMPARE(mara->aliases, std::string("Mara, the Keeper"));
        QCOMPARE(mara->text, std::string("Injured and hiding."));
        // Provenance stays where it was first found.
        QCOMPARE(mara->sourceChapterId,
                 std::optional(store::ChapterStore(*m_db).getAt(book, 1)->id));
        // Later chunks were told what earlier ones found.
        QVERIFY(m_generator->tasks[1].request.messages.back().content.find("- Mara Quill "
                                                                           "(character; also "
                                                                           "Mara)")
                != std::string::npos);
        QVERIFY(m_generator->tasks[1].request.messages.back().content.find(
                    "Mara: at the light after chapter 2.")
                != std::string::npos);
    }

    void aliasesAreNamesAndFew()
    {
        const std::int64_t book = makeBook(2);
        json aliases = json::array();
        for (int i = 0; i < 12; ++i)
            aliases.push_back("Alias " + std::to_string(i));
        aliases.push_back(std::string(100, 'x')); // a description, not a name
        m_generator->fallback = [aliases](const GenerationTask &task) {
            const auto [first, last] = askedRange(task);
            return test::ScriptedReply(
                reply(first, last, json::array({entry("character", "Mara", aliases, "K.", 1)}))
                    .dump());
        };
        PipelineContext ctx = context();
        QVERIFY(analyseBook(ctx, book, twoPerChunk()).has_value());
        const std::string stored = find(bible(book), "Mara")->aliases;
        QCOMPARE(stored,
                 std::string("Alias 0, Alias 1, Alias 2, Alias 3, Alias 4, Alias 5, "
                             "Alias 6, Alias 7"));
    }

    void aReviewedEntryIsTheWritersWord()
    {
        const std::int64_t book = makeBook(2);
        store::BibleEntry own;
        own.bookId = book;
        own.name = "Mara";
        own.text = "The writer's own note.";
        QVERIFY(store::BibleStore(*m_db).add(own).has_value());
        m_generator->fallback = [](const GenerationTask &task) {
            const auto [first, last] = askedRange(task);
            return test::ScriptedReply(
                reply(first, last,
                      json::array({entry("character", "Mara", json::array(), "Other.", 1)}))
                    .dump());
        };
        PipelineContext ctx = context();
        auto report = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(report.has_value());
        QCOMPARE(report->entriesAdded, 0);
        QCOMPARE(find(bible(book), "Mara")->text, std::string("The writer's own note."));
    }

    void resumesAfterABudgetStop()
    {
        const std::int64_t book = makeBook(6);
        m_generator->push(test::ScriptedReply(reply(1, 2).dump()));
        test::ScriptedReply refused;
        refused.error = ErrorCode::Budget;
        m_generator->push(refused);
        PipelineContext ctx = context();
        auto first = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(first.has_value());
        QVERIFY(first->stopped.has_value());
        QCOMPARE(first->stopped->code, ErrorCode::Budget);
        QCOMPARE(first->chunks, 1);
        QCOMPARE(first->remainingChunks, 2);
        QCOMPARE(m_generator->tasks.size(), std::size_t(2));
        QCOMPARE(analysisStatus(*m_shared, book)->analysed, 2);
        QVERIFY(store::ChapterStore(*m_db).getAt(book, 3)->summary.empty());

        m_generator->tasks.clear();
        m_generator->fallback = [](const GenerationTask &task) {
            const auto [from, to] = askedRange(task);
            return test::ScriptedReply(reply(from, to).dump());
        };
        auto again = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(again.has_value());
        QVERIFY(!again->stopped);
        QCOMPARE(again->chunks, 2);
        QCOMPARE(m_generator->tasks.size(), std::size_t(2));
        QCOMPARE(askedRange(m_generator->tasks[0]), std::pair(3, 4));
        QCOMPARE(analysisStatus(*m_shared, book)->analysed, 6);
        // A third run has nothing left to send.
        m_generator->tasks.clear();
        auto nothing = analyseBook(ctx, book, twoPerChunk());
        QCOMPARE(nothing->chunks, 0);
        QVERIFY(m_generator->tasks.empty());
    }

    void aMalformedReplyStoresNothing()
    {
        const std::int64_t book = makeBook(2);
        m_generator->push(test::ScriptedReply(R"({"chapters": [{"number": 9, "summary": "x"}]})"));
        PipelineContext ctx = context();
        auto report = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(report.has_value());
        QVERIFY(report->stopped.has_value());
        QCOMPARE(report->stopped->code, ErrorCode::Parse);
        QCOMPARE(analysisStatus(*m_shared, book)->analysed, 0);
        QVERIFY(bible(book).empty());
    }

    void aChineseBookIsReadInChinese()
    {
        const std::int64_t book = makeBook(3, "zh-CN");
        m_generator->fallback = [](const GenerationTask &task) {
            const auto [first, last] = askedRange(task);
            json entries = json::array();
            if (first == 1)
                entries.push_back(entry("character", "玛拉", {"守灯人"}, "灯塔的看守。", 1));
            else
                entries.push_back(entry("character", "守灯人", json::array(), "受了伤。", 3));
            return test::ScriptedReply(reply(first, last, entries, "前情。").dump());
        };
        PipelineContext ctx = context();
        auto report = analyseBook(ctx, book, twoPerChunk());
        QVERIFY(report.has_value());
        QVERIFY(!report->stopped);
        const std::string &system = m_generator->tasks[0].request.messages.front().content;
        QVERIFY(system.find("简体中文") != std::string::npos);
        QVERIFY(m_generator->tasks[0].request.messages.back().content.find("第1章")
                != std::string::npos);
        QVERIFY(m_generator->tasks[1].request.messages.back().content.find(
                    "- 玛拉 (character；又名 守灯人)")
                != std::string::npos);
        const auto entries = bible(book);
        QVERIFY(find(entries, "玛拉"));
        QCOMPARE(find(entries, "玛拉")->text, std::string("受了伤。"));
        QVERIFY(!find(entries, "守灯人"));
    }

    void theSchemaBoundsChapterNumbers()
    {
        const json schema = analysisSchema(5, 9, 24);
        const json &chapters = schema["properties"]["chapters"];
        QCOMPARE(chapters["minItems"].get<int>(), 5);
        QCOMPARE(chapters["items"]["properties"]["number"]["maximum"].get<int>(), 9);
        QCOMPARE(schema["properties"]["entries"]["maxItems"].get<int>(), 24);
        auto parsed = parseAnalysisReply(
            json::parse(R"({"chapters": [{"number": 5, "summary": "a", "character_states": "b"},
                {"number": 5, "summary": "dup"}, {"number": 11, "summary": "out"}],
              "entries": [{"kind": "style", "name": "x"}, {"kind": "place", "name": "Pier",
                "chapter": 40}, {"kind": "ghost", "name": "y"}]})"),
            5, 9);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->chapters.size(), std::size_t(1));
        QCOMPARE(parsed->chapters[0].summary, std::string("a"));
        QCOMPARE(parsed->entries.size(), std::size_t(1));
        QCOMPARE(parsed->entries[0].chapter, 9);
        QCOMPARE(parseAnalysisReply(json::array(), 1, 2).error().code, ErrorCode::Parse);
    }
};

QTEST_GUILESS_MAIN(TestBookAnalysis)
#include "test_book_analysis.moc"
