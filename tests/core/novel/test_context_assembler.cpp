#include "novel/context_assembler.h"
#include "util/token_estimate.h"

#include <QTest>

using scriptorium::ErrorCode;
using scriptorium::estimateTokens;
using namespace scriptorium::novel;

namespace {

std::string repeat(const std::string &s, int n)
{
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

ChapterContext englishBook()
{
    ChapterContext c;
    c.language = "en";
    c.styleGuide = "Close third person, past tense. Short sentences.";
    c.globalSummary = repeat("Mara leaves the harbour town and crosses the marsh. ", 20);
    c.characterStates = "Mara: wounded left arm, carries the map.\nTobin: missing.";
    c.bible = {
        {"character",
         "Mara",
         {"the cartographer"},
         "A mapmaker of thirty. " + repeat("Stubborn. ", 200)},
        {"character", "Tobin", {}, "Her younger brother."},
        {"place", "Saltmarsh", {"the marsh"}, "Flat grey wetland with hidden channels."},
        {"item", "Brass compass", {}, "Points to lost things."},
        {"place", "Old Light", {}, "A lighthouse on the far shore. " + repeat("Abandoned. ", 30)}};
    for (int i = 1; i <= 6; ++i)
        c.recentSummaries.push_back(
            {i, "Summary of chapter " + std::to_string(i) + ". " + repeat("Events. ", 10)});
    c.previousChapterBody
        = repeat("Early scene text. ", 400) + "The last line: Mara looked at the marsh.";
    c.chapterNumber = 7;
    c.chapterTitle = "The Crossing";
    c.chapterOutline = "Mara crosses the marsh at night and finds a sign of Tobin.";
    c.nextChapterOutline = "She reaches the Old Light.";
    c.targetLength = 2500;
    return c;
}

const PromptBlock &block(const AssembledPrompt &p, BlockKind kind)
{
    for (const PromptBlock &b : p.blocks) {
        if (b.kind == kind)
            return b;
    }
    qFatal("missing block");
}

} // namespace

class TestContextAssembler : public QObject {
    Q_OBJECT

private slots:
    void fullContextFitsGenerousBudget();
    void usesTheEndOfThePreviousChapter();
    void selectsOnlyInvolvedBibleEntries();
    void trimsInDocumentedOrder_data();
    void trimsInDocumentedOrder();
    void neverCutsTheOutline();
    void chineseBookUsesChineseTemplates();
    void missingOutlineIsAnError();
    void beatsAreTheirOwnBlockInOrder();
    void noBeatsNoBlock();
    void neverCutsTheBeats();
    void chineseBeats();
};

void TestContextAssembler::fullContextFitsGenerousBudget()
{
    auto p
        = assembleDraftPrompt(englishBook(), AssemblyBudget{.totalTokens = 20000}, PromptLibrary());
    QVERIFY(p.has_value());
    QVERIFY(p->trimSteps.empty());
    QCOMPARE(p->blocks.size(), std::size_t{10});
    QCOMPARE(p->blocks.front().kind, BlockKind::StyleGuide);
    QCOMPARE(p->blocks.back().kind, BlockKind::TargetLength);
    QVERIFY(p->system.find("Short sentences.") != std::string::npos);
    QVERIFY(p->user.find("Write chapter 7, \"The Crossing\".") != std::string::npos);
    QVERIFY(p->user.find("about 2500 words") != std::string::npos);
    // Only the last three recent summaries by default.
    QVERIFY(p->user.find("Chapter 3: ") == std::string::npos);
    QVERIFY(p->user.find("Chapter 4: ") != std::string::npos);
    QVERIFY(p->user.find("Chapter 6: ") != std::string::npos);
    QCOMPARE(p->totalTokens, estimateTokens(p->system) + estimateTokens(p->user));
    // Sections of the template appear in block order.
    QVERIFY(p->user.find("The story so far") < p->user.find("Recent chapters"));
    QVERIFY(p->user.find("Recent chapters") < p->user.find("previous chapter ends"));
}

void TestContextAssembler::usesTheEndOfThePreviousChapter()
{
    auto p
        = assembleDraftPrompt(englishBook(), AssemblyBudget{.totalTokens = 20000}, PromptLibrary());
    QVERIFY(p.has_value());
    const PromptBlock &ending = block(*p, BlockKind::PreviousEnding);
    QVERIFY(ending.text.ends_with("Mara looked at the marsh."));
    QVERIFY(ending.tokens <= 600);
    QVERIFY(ending.originalTokens < estimateTokens(englishBook().previousChapterBody));
}

void TestContextAssembler::selectsOnlyInvolvedBibleEntries()
{
    auto p
        = assembleDraftPrompt(englishBook(), AssemblyBudget{.totalTokens = 20000}, PromptLibrary());
    QVERIFY(p.has_value());
    const std::string &bible = block(*p, BlockKind::BibleEntries).text;
    QVERIFY(bible.find("- Mara (the cartographer): ") != std::string::npos);
    QVERIFY(bible.find("- Tobin: ") != std::string::npos);
    QVERIFY(bible.find("- Saltmarsh (the marsh): ") != std::string::npos); // via alias
    QVERIFY(bible.find("Brass compass") == std::string::npos); // not involved
}

void TestContextAssembler::trimsInDocumentedOrder_data()
{
    QTest::addColumn<int>("budget");
    QTest::addColumn<QStringList>("steps");

    QTest::newRow("ample") << 20000 << QStringList{};
    const QString recent = QStringLiteral("dropped the oldest recent-chapter summary");
    const QString cutBible = QStringLiteral("cut story bible entries");
    const QString dropBible
        = QStringLiteral("dropped story bible entries not named in this chapter's outline");
    const QString dropNext = QStringLiteral("dropped the next chapter's outline");
    QTest::newRow("recent summaries go first") << 1700 << QStringList{recent};
    QTest::newRow("then bible entries are cut") << 1600 << QStringList{recent, cutBible};
    QTest::newRow("then entries only in the next outline")
        << 1500 << QStringList{recent, cutBible, dropBible};
    QTest::newRow("global summary keeps its end")
        << 1300
        << QStringList{recent, cutBible, dropBible, dropNext,
                       QStringLiteral("kept only the end of the global summary")};
    QTest::newRow("previous ending shrinks last")
        << 1000
        << QStringList{recent,
                       cutBible,
                       dropBible,
                       dropNext,
                       QStringLiteral("dropped the global summary"),
                       QStringLiteral("shortened the previous chapter's ending")};
}

void TestContextAssembler::trimsInDocumentedOrder()
{
    QFETCH(int, budget);
    QFETCH(QStringList, steps);
    auto p = assembleDraftPrompt(englishBook(),
                                 AssemblyBudget{.totalTokens = static_cast<std::size_t>(budget)},
                                 PromptLibrary());
    QVERIFY2(p.has_value(), p ? "" : p.error().message.c_str());
    QStringList actual;
    for (const std::string &s : p->trimSteps)
        actual << QString::fromStdString(s);
    QCOMPARE(actual, steps);
    QVERIFY(p->totalTokens <= static_cast<std::size_t>(budget));
}

void TestContextAssembler::neverCutsTheOutline()
{
    ChapterContext c = englishBook();
    c.chapterOutline = repeat("Mara walks further into the marsh. ", 10);
    auto p = assembleDraftPrompt(c, AssemblyBudget{.totalTokens = 700}, PromptLibrary());
    QVERIFY(p.has_value());
    QCOMPARE(block(*p, BlockKind::ChapterOutline).text, c.chapterOutline);
    QVERIFY(block(*p, BlockKind::RecentSummaries).dropped);
    QVERIFY(block(*p, BlockKind::PreviousEnding).tokens <= 150);

    auto tooSmall = assembleDraftPrompt(c, AssemblyBudget{.totalTokens = 100}, PromptLibrary());
    QVERIFY(!tooSmall.has_value());
    QCOMPARE(tooSmall.error().code, ErrorCode::TooLarge);
}

void TestContextAssembler::chineseBookUsesChineseTemplates()
{
    ChapterContext c;
    c.language = "zh";
    c.globalSummary = "\u6797\u6e05\u79bb\u5f00\u4e86\u6e2f\u53e3\u3002";
    c.bible = {{"character",
                "\u6797\u6e05",
                {"\u963f\u6e05"},
                "\u5e74\u8f7b\u7684\u5236\u56fe\u5e08\u3002"}};
    c.recentSummaries = {{2, "\u5979\u5728\u96e8\u591c\u51fa\u53d1\u3002"}};
    c.previousChapterBody
        = "\u96e8\u8fd8\u5728\u4e0b\u3002\u963f\u6e05\u63a8\u5f00\u4e86\u95e8\u3002";
    c.chapterNumber = 3;
    c.chapterOutline = "\u6797\u6e05\u7a7f\u8fc7\u6cbc\u6cfd\u3002";
    c.targetLength = 3000;
    auto p = assembleDraftPrompt(c, AssemblyBudget{}, PromptLibrary());
    QVERIFY(p.has_value());
    QVERIFY(p->system.find("\u7b80\u4f53\u4e2d\u6587") != std::string::npos);
    QVERIFY(p->user.find("\u8bf7\u64b0\u5199\u7b2c3\u7ae0") != std::string::npos);
    QVERIFY(p->user.find("\u7ea63000\u5b57") != std::string::npos);
    QVERIFY(p->user.find("\u7b2c2\u7ae0\uff1a") != std::string::npos);
    QVERIFY(p->user.find("- \u6797\u6e05 (\u963f\u6e05)\uff1a") != std::string::npos);
    QVERIFY(p->user.find("\u963f\u6e05\u63a8\u5f00\u4e86\u95e8\u3002") != std::string::npos);
}

void TestContextAssembler::missingOutlineIsAnError()
{
    ChapterContext c = englishBook();
    c.chapterOutline.clear();
    auto p = assembleDraftPrompt(c, AssemblyBudget{}, PromptLibrary());
    QVERIFY(!p.has_value());
    QCOMPARE(p.error().code, ErrorCode::InvalidArgument);
}

void TestContextAssembler::beatsAreTheirOwnBlockInOrder()
{
    ChapterContext c = englishBook();
    c.beats = {{"Mara wades into the channels", "Mara", "the marsh"},
               {"A lantern moves where no one should be"},
               {"She finds Tobin's scarf on a post", "", "the Brass compass post"}};
    auto p = assembleDraftPrompt(c, AssemblyBudget{.totalTokens = 20000}, PromptLibrary());
    QVERIFY(p.has_value());
    const std::string expected = "1. Mara wades into the channels (POV: Mara; location: the "
                                 "marsh)\n2. A lantern moves where no one should be\n3. She "
                                 "finds Tobin's scarf on a post (location: the Brass compass post)";
    QCOMPARE(block(*p, BlockKind::Beats).text, expected);
    const auto beats = p->user.find(expected);
    QVERIFY(beats != std::string::npos);
    QVERIFY(p->user.find("in this order") < beats);
    // Between this chapter's outline and the next one's.
    QVERIFY(p->user.find(c.chapterOutline) < beats);
    QVERIFY(beats < p->user.find(c.nextChapterOutline));
    // A name only in a beat selects its bible entry, as the outline does.
    QVERIFY(block(*p, BlockKind::BibleEntries).text.find("Brass compass") != std::string::npos);
}

void TestContextAssembler::noBeatsNoBlock()
{
    auto p
        = assembleDraftPrompt(englishBook(), AssemblyBudget{.totalTokens = 20000}, PromptLibrary());
    QVERIFY(p.has_value());
    QVERIFY(block(*p, BlockKind::Beats).text.empty());
    QVERIFY(!block(*p, BlockKind::Beats).dropped);
    QVERIFY(p->user.find("Scene beats") == std::string::npos);
}

void TestContextAssembler::neverCutsTheBeats()
{
    ChapterContext c = englishBook();
    for (int i = 1; i <= 8; ++i)
        c.beats.push_back({"Beat " + std::to_string(i) + ": " + repeat("Mara keeps walking. ", 4)});
    auto p = assembleDraftPrompt(c, AssemblyBudget{.totalTokens = 900}, PromptLibrary());
    QVERIFY2(p.has_value(), p ? "" : p.error().message.c_str());
    QVERIFY(!p->trimSteps.empty()); // other blocks were trimmed to make room
    const std::string &beats = block(*p, BlockKind::Beats).text;
    QCOMPARE(beats, formatBeats(c.beats, "en"));
    QVERIFY(!block(*p, BlockKind::Beats).dropped);
    QCOMPARE(block(*p, BlockKind::Beats).tokens, block(*p, BlockKind::Beats).originalTokens);
    QVERIFY(p->user.find(beats) != std::string::npos);
    // Beats alone over the budget: an error, never a silently shortened plan.
    auto tooSmall = assembleDraftPrompt(c, AssemblyBudget{.totalTokens = 250}, PromptLibrary());
    QVERIFY(!tooSmall.has_value());
    QCOMPARE(tooSmall.error().code, ErrorCode::TooLarge);
}

void TestContextAssembler::chineseBeats()
{
    ChapterContext c;
    c.language = "zh";
    c.chapterNumber = 2;
    c.chapterOutline = "林清穿过沼泽。";
    c.beats = {{"林清夜入沼泽", "林清", "沼泽"}, {"灯光出现"}};
    c.targetLength = 3000;
    auto p = assembleDraftPrompt(c, AssemblyBudget{}, PromptLibrary());
    QVERIFY(p.has_value());
    QVERIFY(p->user.find("本章场景节拍") != std::string::npos);
    QVERIFY(p->user.find("1. 林清夜入沼泽（视角：林清；地点：沼泽）\n2. 灯光出现")
            != std::string::npos);
}

QTEST_APPLESS_MAIN(TestContextAssembler)
#include "test_context_assembler.moc"
