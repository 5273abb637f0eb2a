// GUI benchmark and screenshot tool (built, never run by ctest). Run it under Xvfb:
//   xvfb-run -s "-screen 0 1400x900x24" build/<dir>/bench/gui_bench
//   xvfb-run -s "-screen 0 1400x900x24" build/<dir>/bench/gui_bench --screenshots docs/screenshots
// Measures cold start to an interactive window and keystroke latency in a 100,000-character
// chapter of the real main window; with --screenshots it saves the window and the Writing
// Goals dialog in English and Chinese with a sample book.
#include "store/beat_store.h"
#include "store/bible_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/writing_log.h"
#include "ui/application_setup.h"
#include "ui/beat_list.h"
#include "ui/bible_panel.h"
#include "ui/chapter_editor.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/outline_panel.h"
#include "ui/secret_store.h"
#include "ui/writing/writing_goals_dialog.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

QElapsedTimer g_sinceMain;

qint64 percentile(QList<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(
        std::min<qsizetype>(values.size() - 1, static_cast<qsizetype>(p * values.size())));
}

void setStatus(MainWindow &w, std::int64_t id, store::ChapterStatus status)
{
    auto c = w.session()->chapters().get(id);
    c->status = status;
    (void)w.session()->chapters().updateMeta(*c);
}

void fillSample(MainWindow &w, bool chinese)
{
    const auto book = w.newBook(chinese ? QStringLiteral("灯塔守望者")
                                        : QStringLiteral("The Lighthouse Keeper"))
                          .value_or(0);
    struct Ch {
        const char *en;
        const char *zh;
        store::ChapterStatus status;
        const char *enBody;
        const char *zhBody;
    };
    const Ch chapters[] = {
        {"The Letter", "来信", store::ChapterStatus::Final,
         "The letter arrived on the last boat before the storms.\n\nMara read it twice by the "
         "lamp, then folded it into the logbook where her father had kept his own secrets.",
         "那封信是在风暴季前最后一班船上送来的。\n\n林默在灯下读了两遍，然后把它夹进了航海日志——父"
         "亲也曾把他的秘密藏在那里。"},
        {"Fog", "雾", store::ChapterStatus::Edited,
         "By morning the fog had swallowed the rocks. The horn sounded every thirty seconds, and "
         "between the blasts she could hear someone calling her name from the water.",
         "到了早上，雾已经吞没了礁石。雾笛每隔三十秒响一次，在两声之间，她听见有人在水面上喊她的名"
         "字。"},
        {"The Keeper's Log", "守塔人日志", store::ChapterStatus::Generated,
         "The log's last entry was dated the night her father vanished.",
         "日志的最后一条，写于父亲失踪的那个夜晚。"},
        {"Low Tide", "退潮", store::ChapterStatus::Drafted, "", ""},
        {"The Storm", "风暴", store::ChapterStatus::Planned, "", ""},
    };
    std::int64_t open = 0;
    for (const Ch &c : chapters) {
        const auto id = w.newChapter(QString::fromUtf8(chinese ? c.zh : c.en)).value_or(0);
        w.editor()->textCursor().insertText(QString::fromUtf8(chinese ? c.zhBody : c.enBody));
        w.saveAll();
        setStatus(w, id, c.status);
        auto chapter = w.session()->chapters().get(id);
        chapter->targetLength = chinese ? 3000 : 2500;
        chapter->outline = chinese
            ? "林默发现父亲留下的线索，决定在风暴来临前出海。"
            : "Mara finds her father's clue and decides to sail before the storm.";
        (void)w.session()->chapters().updateMeta(*chapter);
        if (open == 0 || c.status == store::ChapterStatus::Edited)
            open = id;
    }
    auto b = w.session()->books().get(book);
    b->language = chinese ? "zh" : "en";
    b->premise = chinese ? "一位年轻的守塔人追查父亲失踪之谜。"
                         : "A young lighthouse keeper searches for her vanished father.";
    (void)w.session()->books().update(*b);
    w.biblePanel()->setBook(0);
    w.biblePanel()->setBook(book);
    w.biblePanel()->addEntry(store::BibleKind::Character,
                             chinese ? QStringLiteral("林默") : QStringLiteral("Mara"));
    w.session()->notifyChanged();
    w.openChapter(open);
}

// The Chapter dock with the open chapter's scene beats, and the Story Bible panel with entries
// an analysis derived waiting for review.
int beatsAndReviewScreenshots(MainWindow &window, const QString &dir, const QString &language)
{
    const bool chinese = language.startsWith(QLatin1String("zh"));
    const std::int64_t chapterId = window.openChapterId();
    const std::int64_t book = window.session()->chapters().get(chapterId)->bookId;
    store::BeatStore beats(window.session()->database());
    struct B {
        const char *en, *zh, *povEn, *povZh, *whereEn, *whereZh;
    };
    const B list[] = {
        {"Fog swallows the rocks; the horn sounds every thirty seconds.",
         "雾吞没了礁石，雾笛每三十秒响一次。", "Mara", "林默", "the lamp room", "灯室"},
        {"A voice calls her name from the water between the blasts.",
         "两声雾笛之间，水面上有人喊她的名字。", "Mara", "林默", "the gallery", "回廊"},
        {"She takes the boat out alone, against her father's rule.",
         "她违背父亲的规矩，独自驾船出海。", "", "", "the harbour", "港口"},
    };
    for (const B &b : list) {
        store::Beat beat;
        beat.chapterId = chapterId;
        beat.text = chinese ? b.zh : b.en;
        beat.pov = chinese ? b.povZh : b.povEn;
        beat.location = chinese ? b.whereZh : b.whereEn;
        (void)beats.add(beat);
    }
    // Opened again, so the Chapter dock reads the beats just stored.
    window.openChapter(window.session()->chapters().list(book)->front().id);
    window.openChapter(chapterId);
    if (auto *beatList = window.outlinePanel()->beatList())
        beatList->refresh();
    auto grabDock = [&](const char *dockName, const QString &name) {
        auto *dock = window.findChild<QDockWidget *>(QString::fromLatin1(dockName));
        if (!dock)
            return false;
        dock->show();
        dock->raise();
        QTest::qWait(300);
        const QString file = QDir(dir).filePath(name.arg(language));
        if (!window.grab().save(file))
            return false;
        std::printf("saved %s\n", qPrintable(file));
        return true;
    };
    if (!grabDock("outlineDock", QStringLiteral("outline-beats-%1.png")))
        return 1;

    store::BibleStore bible(window.session()->database());
    const auto chapters = window.session()->chapters().list(book);
    const std::int64_t second = chapters->size() > 1 ? (*chapters)[1].id : chapterId;
    struct E {
        store::BibleKind kind;
        const char *en, *zh, *textEn, *textZh;
    };
    const E derived[] = {
        {store::BibleKind::Character, "Tom Hale", "老海", "The ferryman; last to see her father.",
         "摆渡人，最后一个见到她父亲的人。"},
        {store::BibleKind::Place, "The Gallery", "回廊", "The iron walkway around the lamp.",
         "环绕灯室的铁走廊。"},
        {store::BibleKind::Item, "The Logbook", "航海日志",
         "Her father's log; its last page is torn.", "父亲的日志，最后一页被撕掉了。"},
    };
    for (const E &e : derived) {
        store::BibleEntry entry;
        entry.bookId = book;
        entry.kind = e.kind;
        entry.name = chinese ? e.zh : e.en;
        entry.text = chinese ? e.textZh : e.textEn;
        entry.origin = store::BibleOrigin::Analysis;
        entry.sourceChapterId = second;
        entry.reviewed = false;
        (void)bible.add(entry);
    }
    window.biblePanel()->setBook(0);
    window.biblePanel()->setBook(book);
    return grabDock("bibleDock", QStringLiteral("bible-review-%1.png")) ? 0 : 1;
}

// Book → Writing Goals… over four weeks of a writer's log (a fixed pattern: some days by hand
// only, some with accepted generations, two days off).
int writingGoalsScreenshot(MainWindow &window, const QString &dir, const QString &language)
{
    const std::int64_t book = window.session()->books().list()->front().book.id;
    store::WritingLog log(window.session()->database());
    const std::string today = store::localDay(store::nowMs());
    const bool chinese = language.startsWith(QLatin1String("zh"));
    const int scale = chinese ? 2 : 1; // characters run about twice the words
    for (int back = 27; back >= 1; --back) {
        if (back % 9 == 4)
            continue;
        const std::int64_t hand = scale * (350 + (back * 137) % 500);
        const std::int64_t accepted = back % 3 == 0 ? scale * (800 + (back * 61) % 900) : 0;
        (void)log.addWritten(book, *store::addDays(today, -back), hand, accepted);
    }
    (void)log.setDailyGoal(book, scale * 600);
    (void)log.setSessionGoal(book, scale * 250);
    WritingGoalsDialog *goals = window.showWritingGoals(book);
    if (!goals)
        return 1;
    goals->resize(820, 560);
    if (!QTest::qWaitForWindowExposed(goals))
        return 1;
    QTest::qWait(300);
    const QString file = QDir(dir).filePath(QStringLiteral("writing-goals-%1.png").arg(language));
    if (!goals->grab().save(file))
        return 1;
    std::printf("saved %s\n", qPrintable(file));
    goals->close();
    return 0;
}

int screenshots(const QString &dir, const QString &language)
{
    QTemporaryDir tmp;
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.resize(1280, 800);
    window.openLibraryFile(tmp.filePath(QStringLiteral("library.db")));
    fillSample(window, language.startsWith(QLatin1String("zh")));
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    QTest::qWait(300);
    const QString file = QDir(dir).filePath(QStringLiteral("main-window-%1.png").arg(language));
    if (!window.grab().save(file))
        return 1;
    std::printf("saved %s\n", qPrintable(file));
    if (beatsAndReviewScreenshots(window, dir, language) != 0)
        return 1;
    return writingGoalsScreenshot(window, dir, language);
}

int bench()
{
    QTemporaryDir tmp;
    MemorySecretStore secrets;
    MainWindow window(&secrets);
    window.resize(1280, 800);
    window.openLibraryFile(tmp.filePath(QStringLiteral("library.db")));
    window.newBook(QStringLiteral("Bench"));
    window.newChapter(QStringLiteral("One"));
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    qint64 interactiveMs = 0;
    QTimer::singleShot(0, &window, [&] { interactiveMs = g_sinceMain.elapsed(); });
    QTest::qWait(50);
    std::printf("cold start to interactive window (in-process, from main): %lld ms\n",
                interactiveMs);

    QString paragraph;
    while (paragraph.size() < 300)
        paragraph += QStringLiteral("The lamp guttered as she read the letter again. ");
    QString text;
    while (text.size() < 100000)
        text += paragraph + QLatin1Char('\n');
    const auto id = window.openChapterId();
    (void)window.session()->chapters().replaceBody(id, toStd(text), store::BodySource::Import);
    QElapsedTimer load;
    load.start();
    window.openChapter(0);
    window.newChapter(QStringLiteral("Two"));
    load.restart();
    window.openChapter(id);
    const qint64 loadMs = load.elapsed();
    QTextCursor cursor = window.editor()->textCursor();
    cursor.setPosition(text.size() / 2);
    window.editor()->setTextCursor(cursor);
    window.editor()->setFocus();
    QList<qint64> micros;
    QElapsedTimer t;
    for (int i = 0; i < 300; ++i) {
        t.restart();
        QTest::keyClick(window.editor()->viewport(), Qt::Key_A);
        QCoreApplication::processEvents();
        window.editor()->viewport()->repaint();
        micros << t.nsecsElapsed() / 1000;
    }
    std::printf("100,000-character chapter: open %lld ms; keystroke to repainted viewport "
                "p50 %lld us, p99 %lld us, max %lld us (n=%lld)\n",
                loadMs, percentile(micros, 0.5), percentile(micros, 0.99),
                *std::max_element(micros.begin(), micros.end()),
                static_cast<long long>(micros.size()));
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    g_sinceMain.start();
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    ApplicationSetup::configure(app);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype at = args.indexOf(QStringLiteral("--screenshots"));
    if (at >= 0 && at + 1 < args.size()) {
        ApplicationSetup::installTranslators(app, QStringLiteral("en"));
        if (screenshots(args.at(at + 1), QStringLiteral("en")) != 0)
            return 1;
        ApplicationSetup::installTranslators(app, QStringLiteral("zh_CN"));
        return screenshots(args.at(at + 1), QStringLiteral("zh_CN"));
    }
    ApplicationSetup::installTranslators(app, QStringLiteral("en"));
    return bench();
}
