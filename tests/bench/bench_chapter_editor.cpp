// Typing latency in a long chapter, in the bare editor widget: ChapterEditor (a QTextEdit, so
// it can honour the line-spacing setting) beside a QPlainTextEdit on the same text, English
// and Chinese. Each keystroke is timed from the key event to the repainted viewport; loading
// the chapter is timed too. Moved here from test_chapter_editor, where it could only log.
// gui_bench measures the same keystroke in the full main window.
//
// Usage: QT_QPA_PLATFORM=offscreen bench_chapter_editor [characters=100000] [keystrokes=300]
// (or under xvfb-run -a for a real X server's painting).
#include "ui/application_setup.h"
#include "ui/chapter_editor.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace scriptorium::ui;

namespace {

qint64 percentile(QList<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.at(
        std::min<qsizetype>(values.size() - 1, static_cast<qsizetype>(p * values.size())));
}

/// Paragraphs of about 300 characters up to `characters`.
QString chapterText(qsizetype characters, bool chinese)
{
    const QString sentence = chinese
        ? QStringLiteral("她又在灯下读了一遍那封信，灯火摇曳，窗外的雾笛每隔三十秒响一次。")
        : QStringLiteral("The lamp guttered as she read the letter again. ");
    const qsizetype paragraphSize = chinese ? 150 : 300; // about the same screen lines
    QString paragraph;
    while (paragraph.size() < paragraphSize)
        paragraph += sentence;
    QString text;
    while (text.size() < characters)
        text += paragraph + QLatin1Char('\n');
    return text;
}

void loadInto(ChapterEditor &editor, const QString &text)
{
    editor.loadText(text);
}

void loadInto(QPlainTextEdit &editor, const QString &text)
{
    editor.setPlainText(text);
}

template<typename Editor>
bool measure(const char *name, const char *language, const QString &text, int keystrokes)
{
    Editor editor;
    editor.resize(900, 700);
    editor.show();
    if (!QTest::qWaitForWindowExposed(&editor))
        return false;
    QElapsedTimer timer;
    timer.start();
    loadInto(editor, text);
    editor.viewport()->repaint();
    const qint64 loadMs = timer.elapsed();

    QTextCursor cursor(editor.document());
    cursor.setPosition(static_cast<int>(text.size() / 2));
    editor.setTextCursor(cursor);
    editor.setFocus();
    QList<qint64> micros;
    for (int i = 0; i < keystrokes; ++i) {
        timer.restart();
        QTest::keyClick(editor.viewport(), Qt::Key_A);
        editor.viewport()->repaint();
        micros << timer.nsecsElapsed() / 1000;
    }
    if (editor.document()->characterCount() != text.size() + keystrokes + 1) {
        std::fprintf(stderr, "%s: the keystrokes did not all arrive\n", name);
        return false;
    }
    std::printf("%-15s %-7s load %4lld ms; keystroke to repainted viewport p50 %5lld us, "
                "p99 %5lld us, max %5lld us (n=%d)\n",
                name, language, loadMs, percentile(micros, 0.5), percentile(micros, 0.99),
                *std::max_element(micros.begin(), micros.end()), keystrokes);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    ApplicationSetup::configure(app);
    const QStringList args = QCoreApplication::arguments();
    const qsizetype characters = args.size() > 1 ? args.at(1).toLongLong() : 100000;
    const int keystrokes = args.size() > 2 ? args.at(2).toInt() : 300;
    if (characters <= 0 || keystrokes <= 0) {
        std::fprintf(stderr, "usage: bench_chapter_editor [characters] [keystrokes]\n");
        return 2;
    }
    std::printf("%lld-character chapter, cursor in the middle, %s platform\n",
                static_cast<long long>(characters), qPrintable(QApplication::platformName()));
    bool ok = true;
    for (const bool chinese : {false, true}) {
        const QString text = chapterText(characters, chinese);
        const char *language = chinese ? "Chinese" : "English";
        ok = measure<ChapterEditor>("ChapterEditor", language, text, keystrokes) && ok;
        ok = measure<QPlainTextEdit>("QPlainTextEdit", language, text, keystrokes) && ok;
    }
    return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
