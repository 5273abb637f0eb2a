#include "ui/generation/sample_book.h"

#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <array>
#include <string>

namespace scriptorium::ui {

namespace {

struct SampleChapter {
    const char *title;
    const char *outline;
    const char *body;
};

struct SampleEntry {
    store::BibleKind kind;
    const char *name;
    const char *text;
};

struct Sample {
    const char *title;
    const char *language;
    const char *unit;
    const char *premise;
    const char *style;
    std::array<SampleChapter, 4> chapters;
    std::array<SampleEntry, 3> bible;
    std::int64_t target;
};

const Sample kEnglish{
    "The Lighthouse Keeper's Ledger",
    "en",
    "words",
    "On a storm-bound island, a young keeper finds her vanished predecessor's ledger, whose "
    "entries predict shipwrecks that have not happened yet.",
    "Close third person, past tense. Spare, concrete prose; the sea is always present.",
    {{{"The Ledger",
       "Mara arrives on Gull Rock as the new keeper and finds Tobias's ledger hidden under the "
       "lamp room floor. The last entry names a ship due in three days.",
       "The boat left Mara on the jetty with two crates and a warning about the wind."},
      {"The Supply Boat",
       "Mara signals the supply boat; its pilot, Ezra, laughs at the ledger but goes pale when "
       "she reads him the name of his own boat.",
       ""},
      {"Fog",
       "A three-day fog. Mara keeps the lamp lit without sleep and hears a bell where no bell "
       "should be.",
       ""},
      {"The Wreck That Wasn't",
       "The predicted ship appears; Mara changes the light's rhythm and the ship turns away. "
       "A new entry appears in the ledger in her own handwriting.",
       ""}}},
    {{{store::BibleKind::Character, "Mara",
       "The new keeper, twenty-six, stubborn, afraid of "
       "deep water."},
      {store::BibleKind::Character, "Ezra",
       "Pilot of the supply boat Marigold; jovial, "
       "superstitious."},
      {store::BibleKind::Place, "Gull Rock",
       "A bare island with a lighthouse, a cottage and a "
       "single jetty."}}},
    1500};

const Sample kChinese{
    "灯塔守护人的账簿",
    "zh",
    "characters",
    "在一座被风暴围困的海岛上，年轻的守塔人发现了前任失踪前留下的账簿，里面记载着尚未发生的沉船。",
    "第三人称过去时。文字简洁具体，大海无处不在。",
    {{{"账簿",
       "林澜作为新守塔人来到鸥岩岛，在灯室地板下发现了老周留下的账簿。最后一条记录写着三天后将到达"
       "的一艘船。",
       "小船把林澜和两只木箱留在码头上，船夫临走前提醒她当心起风。"},
      {"补给船", "林澜发信号叫来补给船；船夫阿海嘲笑账簿，直到她念出他自己那条船的名字。", ""},
      {"大雾", "三天的大雾。林澜彻夜守着灯，听见了本不该有的钟声。", ""},
      {"没有发生的沉船",
       "预言中的船出现了；林澜改变灯光的节奏，船转向离去。账簿上出现了一条她自己笔迹的新记录。",
       ""}}},
    {{{store::BibleKind::Character, "林澜", "新来的守塔人，二十六岁，倔强，怕深水。"},
      {store::BibleKind::Character, "阿海", "补给船“金盏号”的船夫，爽朗而迷信。"},
      {store::BibleKind::Place, "鸥岩岛", "一座光秃秃的小岛，只有灯塔、小屋和一个码头。"}}},
    3000};

} // namespace

Result<std::int64_t> createSampleBook(store::Database &db, bool chinese)
{
    const Sample &sample = chinese ? kChinese : kEnglish;
    store::Book book;
    book.title = sample.title;
    book.language = sample.language;
    book.premise = sample.premise;
    book.styleGuide = sample.style;
    book.targetUnit = sample.unit;
    auto bookId = store::BookStore(db).create(book);
    if (!bookId)
        return bookId;
    store::ChapterStore chapters(db);
    int position = 1;
    for (const SampleChapter &c : sample.chapters) {
        store::Chapter chapter;
        chapter.bookId = *bookId;
        chapter.position = position++;
        chapter.title = c.title;
        chapter.outline = c.outline;
        chapter.body = c.body;
        chapter.status = *c.body ? store::ChapterStatus::Drafted : store::ChapterStatus::Planned;
        chapter.targetLength = sample.target;
        chapter.targetUnit = sample.unit;
        if (auto added = chapters.add(*bookId, chapter); !added)
            return std::unexpected(added.error());
    }
    store::BibleStore bible(db);
    for (const SampleEntry &e : sample.bible) {
        store::BibleEntry entry;
        entry.bookId = *bookId;
        entry.kind = e.kind;
        entry.name = e.name;
        entry.text = e.text;
        if (auto added = bible.add(entry); !added)
            return std::unexpected(added.error());
    }
    return bookId;
}

} // namespace scriptorium::ui
