// Issue 14 part 4: every error the window shows is in the writer's language. errorText() has a
// translated sentence for every ErrorCode, and each error path the window reaches without a
// network shows it (message box, status bar, panel or dialog label), never core's English
// message, which stays available as the tooltip or the message box's details.
#include "novel/book_exporter.h"
#include "store/database.h"
#include "store/schema.h"
#include "ui/app_settings.h"
#include "ui/application_setup.h"
#include "ui/bible_panel.h"
#include "ui/chapter_editor.h"
#include "ui/error_messages.h"
#include "ui/export_dialog.h"
#include "ui/generation/generation_messages.h"
#include "ui/generation/generation_panel.h"
#include "ui/library_session.h"
#include "ui/main_window.h"
#include "ui/revisions_dialog.h"
#include "ui/search_dialog.h"
#include "ui/secret_store.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <unistd.h>

using namespace scriptorium;
using namespace scriptorium::ui;

namespace {

// The enum's last enumerator; errorText() has no default case, so -Wswitch (-Werror) already
// fails the build when a code is added without its sentence.
constexpr int kCodeCount = int(ErrorCode::Internal) + 1;

const QString kCoreMessage = QStringLiteral("The core said something in English here.");
const QString kCoreDetail = QStringLiteral("errno 13: Permission denied");

// Generation codes whose advice is about the Generate dock's draft or prompt; every other code
// reads the same in the dock as elsewhere.
constexpr std::array kGenerationOwn{ErrorCode::InvalidArgument, ErrorCode::TooLarge,
                                    ErrorCode::MidStream, ErrorCode::IdleStall,
                                    ErrorCode::Cancelled};

bool generationOwn(ErrorCode code)
{
    return std::ranges::find(kGenerationOwn, code) != kGenerationOwn.end();
}

bool hasCjk(const QString &text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF; });
}

/// Why `shown` is not a translated error message (empty when it is one): it is empty, has no
/// Chinese, contains core's English `coreMessage`, or an English sentence (four words in a
/// row; file names and product names are single words).
QString whyUntranslated(const QString &shown, const QString &coreMessage)
{
    static const QRegularExpression sentence(QStringLiteral("[A-Za-z]+(?: [A-Za-z']+){3,}"));
    if (shown.isEmpty())
        return QStringLiteral("nothing was shown");
    if (!hasCjk(shown))
        return QStringLiteral("no Chinese in: ") + shown;
    if (!coreMessage.isEmpty() && shown.contains(coreMessage))
        return QStringLiteral("core's English message in: ") + shown;
    if (const auto match = sentence.match(shown); match.hasMatch())
        return QStringLiteral("an English sentence (\"%1\") in: %2").arg(match.captured(), shown);
    return {};
}

QString coreMessage(const Error &error)
{
    return QString::fromStdString(error.message);
}

void removeTranslators()
{
    const auto translators = qApp->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

/// Runs `trigger`, which opens a modal QMessageBox, and returns the box's text and details
/// after closing it.
std::pair<QString, QString> messageBoxOf(const std::function<void()> &trigger)
{
    std::pair<QString, QString> shown;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, qApp, [&shown] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = {box->text(), box->detailedText()};
            box->done(QMessageBox::Ok);
        }
    });
    poll.start();
    trigger();
    return shown;
}

/// A window on a fresh library in `dir` with the book "Storm", no chapter open.
struct Fixture {
    explicit Fixture(const QString &dir)
    {
        window = std::make_unique<MainWindow>(&secrets);
        QVERIFY(window->openLibraryFile(dir + QStringLiteral("/lib.db")));
        bookId = window->newBook(QStringLiteral("Storm")).value_or(0);
        QVERIFY(bookId != 0);
        panel = window->generationPanel();
        QVERIFY(panel);
        panel->setPreviewBeforeSending(false);
        ok = true;
    }

    QString statusMessage() const { return window->statusBar()->currentMessage(); }
    QString statusDetail() const { return window->statusBar()->toolTip(); }

    MemorySecretStore secrets;
    std::unique_ptr<MainWindow> window;
    GenerationPanel *panel = nullptr;
    std::int64_t bookId = 0;
    bool ok = false;
};

enum class BadLibrary { TextFile, OtherProgram, NewerSchema, ReadOnly, FolderIsAFile };

} // namespace

class TestErrorMessages : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void everyCodeHasATranslatedSentence_data();
    void everyCodeHasATranslatedSentence();
    void codesKeepTheirOwnAdvice();
    void libraryThatCannotBeOpened_data();
    void libraryThatCannotBeOpened();
    void generateWithoutChapterOrSelection();
    void acceptWithNothingToAccept();
    void libraryCommandsReportInTheStatusBar();
    void restoreRevisionOfAnotherChapter();
    void exportToUnwritableTarget_data();
    void exportToUnwritableTarget();
    void searchInMissingLibrary();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    QHash<int, QString> m_english; ///< errorText() per code without a translator
};

void TestErrorMessages::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    // Presets and prompt overrides live under the config location: keep them in the temp dir.
    qputenv("XDG_CONFIG_HOME", m_settingsDir.path().toUtf8());
    qputenv("XDG_DATA_HOME", m_settingsDir.path().toUtf8());
    qunsetenv("OPENROUTER_API_KEY"); // no key: the window never fetches the model list
    ApplicationSetup::configure(*qApp);
    removeTranslators();
    for (int code = 0; code < kCodeCount; ++code)
        m_english.insert(code, errorText(Error{ErrorCode(code), {}, {}}));
    QCOMPARE(ApplicationSetup::installTranslators(*qApp, QStringLiteral("zh_CN")),
             QStringLiteral("zh_CN"));
}

void TestErrorMessages::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestErrorMessages::cleanup()
{
    m_dir.reset();
}

void TestErrorMessages::everyCodeHasATranslatedSentence_data()
{
    QTest::addColumn<int>("code");
    for (int code = 0; code < kCodeCount; ++code)
        QTest::newRow(std::string(errorCodeName(ErrorCode(code))).c_str()) << code;
}

void TestErrorMessages::everyCodeHasATranslatedSentence()
{
    QFETCH(int, code);
    const Error error{ErrorCode(code), kCoreMessage.toStdString(), kCoreDetail.toStdString()};
    const QString shown = errorText(error);
    const QString why = whyUntranslated(shown, kCoreMessage);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(!shown.contains(kCoreDetail));
    QVERIFY2(!m_english.value(code).isEmpty() && shown != m_english.value(code),
             qPrintable(m_english.value(code)));
    QVERIFY2(!hasCjk(m_english.value(code)), qPrintable(m_english.value(code)));
    // Core's own words stay available, for the tooltip or the details.
    QVERIFY(errorDetail(error).contains(kCoreMessage));
    QVERIFY(errorDetail(error).contains(kCoreDetail));

    // The Generate dock: its own advice for the draft's classes, the shared sentence otherwise.
    const QString generation = generationErrorMessage(error);
    const QString whyGeneration = whyUntranslated(generation, kCoreMessage);
    QVERIFY2(whyGeneration.isEmpty(), qPrintable(whyGeneration));
    if (generationOwn(ErrorCode(code)))
        QVERIFY(generation != shown);
    else
        QCOMPARE(generation, shown);
}

void TestErrorMessages::codesKeepTheirOwnAdvice()
{
    // One sentence per code, except the pairs that ask for the same thing.
    QHash<QString, ErrorCode> seen;
    for (int code = 0; code < kCodeCount; ++code) {
        const ErrorCode c = ErrorCode(code);
        const QString shown = errorText(Error{c, {}, {}});
        if (c == ErrorCode::IdleStall || c == ErrorCode::Timeout)
            continue;
        QVERIFY2(!seen.contains(shown), qPrintable(shown));
        seen.insert(shown, c);
    }
    QCOMPARE(errorText(Error{ErrorCode::IdleStall, {}, {}}),
             errorText(Error{ErrorCode::MidStream, {}, {}}));
    QCOMPARE(errorText(Error{ErrorCode::Timeout, {}, {}}),
             errorText(Error{ErrorCode::FirstTokenTimeout, {}, {}}));
    // The dock's own sentences are not the shared ones of another code either.
    for (ErrorCode c : kGenerationOwn)
        QVERIFY(!seen.contains(generationErrorMessage(Error{c, {}, {}})));
}

void TestErrorMessages::libraryThatCannotBeOpened_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::newRow("not a library") << int(BadLibrary::TextFile) << int(ErrorCode::Corrupt);
    QTest::newRow("another program's database")
        << int(BadLibrary::OtherProgram) << int(ErrorCode::InvalidArgument);
    QTest::newRow("newer schema") << int(BadLibrary::NewerSchema) << int(ErrorCode::TooNew);
    QTest::newRow("read-only") << int(BadLibrary::ReadOnly) << int(ErrorCode::ReadOnly);
    QTest::newRow("folder is a file") << int(BadLibrary::FolderIsAFile) << int(ErrorCode::Io);
}

void TestErrorMessages::libraryThatCannotBeOpened()
{
    QFETCH(int, kind);
    QFETCH(int, code);
    QString path = m_dir->filePath(QStringLiteral("novel.scriptorium"));
    switch (BadLibrary(kind)) {
    case BadLibrary::TextFile: {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(2048, 'x'));
        break;
    }
    case BadLibrary::OtherProgram: {
        std::ofstream(path.toStdString()).close();
        auto raw = store::Database::openRaw(path.toStdString());
        QVERIFY(raw.has_value());
        QVERIFY((*raw)->exec("PRAGMA application_id = 42; CREATE TABLE notes (x);").has_value());
        break;
    }
    case BadLibrary::NewerSchema:
    case BadLibrary::ReadOnly: {
        {
            auto db = store::Database::open(path.toStdString());
            QVERIFY(db.has_value());
            if (BadLibrary(kind) == BadLibrary::NewerSchema) {
                const int newer = store::kSchemaVersion + 1;
                QVERIFY((*db)->exec("PRAGMA user_version = " + std::to_string(newer)).has_value());
            }
        }
        if (BadLibrary(kind) == BadLibrary::ReadOnly) {
            QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup));
            if (::access(path.toLocal8Bit().constData(), W_OK) == 0)
                QSKIP("running as root: a file without write permission is still writable");
        }
        break;
    }
    case BadLibrary::FolderIsAFile: {
        QFile file(m_dir->filePath(QStringLiteral("notes.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        path = m_dir->filePath(QStringLiteral("notes.txt/novel.scriptorium"));
        break;
    }
    }
    // What core says, on a file core leaves untouched when it cannot open it.
    const auto expected = store::Database::open(path.toStdString());
    QVERIFY(!expected.has_value());
    QCOMPARE(int(expected.error().code), code);

    MemorySecretStore secrets;
    MainWindow window(&secrets);
    const Status opened = window.openLibraryFile(path);
    QVERIFY(!opened);
    QCOMPARE(int(opened.error().code), code);
    const QString shown = libraryOpenErrorText(path, opened.error());
    const QString why = whyUntranslated(shown, coreMessage(expected.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY2(shown.contains(QFileInfo(path).fileName()), qPrintable(shown));

    // Through File > Open Recent, the way the writer meets it: a message box whose details
    // keep core's words (the full path, the schema versions).
    if (!QFileInfo::exists(path))
        return; // the menu offers only libraries that exist
    AppSettings::addRecentLibrary(path);
    auto *recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    emit recent->aboutToShow();
    QAction *entry = nullptr;
    for (QAction *action : recent->actions()) {
        if (action->text() == QDir::toNativeSeparators(path))
            entry = action;
    }
    QVERIFY(entry);
    const auto [text, details] = messageBoxOf([entry] { entry->trigger(); });
    QCOMPARE(text, shown);
    QVERIFY2(details.contains(coreMessage(expected.error())), qPrintable(details));
    QVERIFY(!window.session());
}

void TestErrorMessages::generateWithoutChapterOrSelection()
{
    Fixture f(m_dir->path());
    QVERIFY(f.ok);
    QCOMPARE(f.window->openChapterId(), std::int64_t(0));
    auto none = f.panel->prepare(GenerationMode::Draft);
    QVERIFY(!none);
    QVERIFY(!f.panel->generate(GenerationMode::Draft));
    QString why = whyUntranslated(f.panel->message(), coreMessage(none.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    // Each missing thing is named, not one sentence for all three.
    QSet<QString> said{f.panel->message()};

    QVERIFY(f.window->newChapter(QStringLiteral("One")).value_or(0) != 0);
    auto empty = f.panel->prepare(GenerationMode::Continue);
    QVERIFY(!empty);
    QVERIFY(!f.panel->generate(GenerationMode::Continue));
    why = whyUntranslated(f.panel->message(), coreMessage(empty.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    said.insert(f.panel->message());

    f.window->editor()->setPlainText(QStringLiteral("Rain on the glass."));
    for (GenerationMode mode : {GenerationMode::Rewrite, GenerationMode::Expand}) {
        auto unselected = f.panel->prepare(mode);
        QVERIFY(!unselected);
        QCOMPARE(unselected.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!f.panel->generate(mode));
        why = whyUntranslated(f.panel->message(), coreMessage(unselected.error()));
        QVERIFY2(why.isEmpty(), qPrintable(why));
        said.insert(f.panel->message());
    }
    QCOMPARE(said.size(), 3); // no chapter, nothing to continue, nothing selected
}

void TestErrorMessages::acceptWithNothingToAccept()
{
    Fixture f(m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.window->newChapter(QStringLiteral("One")).value_or(0) != 0);
    QVERIFY(!f.panel->hasDraft());
    auto *accept = f.window->findChild<QAction *>(QStringLiteral("actionGenerateAccept"));
    QVERIFY(accept);
    QVERIFY(!accept->isEnabled());
    QVERIFY(!f.panel->accept());
    // Nothing to accept says nothing rather than something in English.
    if (!f.panel->message().isEmpty()) {
        const QString why = whyUntranslated(f.panel->message(), {});
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
}

void TestErrorMessages::libraryCommandsReportInTheStatusBar()
{
    Fixture f(m_dir->path());
    QVERIFY(f.ok);
    LibrarySession *session = f.window->session();

    // A book without a title: core's message even names a CLI flag.
    const auto untitled = session->createBook({});
    QVERIFY(!untitled);
    QCOMPARE(f.window->newBook({}).value_or(0), std::int64_t(0));
    QString why = whyUntranslated(f.statusMessage(), coreMessage(untitled.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(f.statusDetail().contains(coreMessage(untitled.error())));

    // A chapter that is not there (deleted by another window, say): move and restore.
    constexpr std::int64_t kMissing = 987654;
    const Status moved = session->moveChapter(kMissing, 1);
    QVERIFY(!moved);
    QVERIFY(!f.window->moveChapter(kMissing, 1));
    why = whyUntranslated(f.statusMessage(), coreMessage(moved.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(f.statusDetail().contains(coreMessage(moved.error())));
    const Status restored = session->restoreChapter(kMissing);
    QVERIFY(!restored);
    QVERIFY(!f.window->restoreChapter(kMissing));
    why = whyUntranslated(f.statusMessage(), coreMessage(restored.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // A story bible entry without a name, from the panel.
    store::BibleEntry nameless;
    nameless.bookId = f.bookId;
    nameless.kind = store::BibleKind::Character;
    const auto added = session->bible().add(nameless);
    QVERIFY(!added);
    QCOMPARE(f.window->biblePanel()->addEntry(store::BibleKind::Character, {}).value_or(0),
             std::int64_t(0));
    why = whyUntranslated(f.statusMessage(), coreMessage(added.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));

    // The tooltip goes with the message it explains.
    f.window->statusBar()->showMessage(QStringLiteral("Saved"));
    QVERIFY(f.statusDetail().isEmpty());
}

void TestErrorMessages::restoreRevisionOfAnotherChapter()
{
    Fixture f(m_dir->path());
    QVERIFY(f.ok);
    LibrarySession *session = f.window->session();
    const std::int64_t one = f.window->newChapter(QStringLiteral("One")).value_or(0);
    const std::int64_t two = f.window->newChapter(QStringLiteral("Two")).value_or(0);
    QVERIFY(one != 0 && two != 0);
    QVERIFY(session->chapters().replaceBody(one, "first", store::BodySource::Writer));
    QVERIFY(session->chapters().replaceBody(one, "second", store::BodySource::Generation));
    const auto revisions = session->revisions().list(one);
    QVERIFY(revisions && !revisions->empty());
    const std::int64_t foreign = revisions->front().id;
    const Status expected = session->revisions().restore(two, foreign);
    QVERIFY(!expected);

    RevisionsDialog dialog(session, two, f.window->editor()->text());
    auto *item = new QTreeWidgetItem(dialog.list(), {QStringLiteral("?")});
    item->setData(0, Qt::UserRole, QVariant::fromValue<qint64>(foreign));
    dialog.list()->setCurrentItem(item);
    const Status restored = dialog.restoreSelected();
    QVERIFY(!restored);
    QCOMPARE(restored.error().code, expected.error().code);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("revisionsMessage"));
    QVERIFY(message);
    const QString why = whyUntranslated(message->text(), coreMessage(expected.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(message->toolTip().contains(coreMessage(expected.error())));
}

void TestErrorMessages::exportToUnwritableTarget_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("folder is a file") << QStringLiteral("notes.txt/storm.md");
    QTest::newRow("target is a folder") << QStringLiteral("folder");
    QTest::newRow("no such folder") << QStringLiteral("missing/storm.md");
}

void TestErrorMessages::exportToUnwritableTarget()
{
    QFETCH(QString, target);
    Fixture f(m_dir->path());
    QVERIFY(f.ok);
    QVERIFY(f.window->newChapter(QStringLiteral("Arrival")).value_or(0) != 0);
    QVERIFY(f.window->saveAll());
    QFile notes(m_dir->filePath(QStringLiteral("notes.txt")));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("folder")));
    const QString out = m_dir->filePath(target);
    novel::ExportBook book;
    book.title = "Storm";
    const Status expected = novel::exportBook(book, novel::ExportFormat::Markdown,
                                              std::filesystem::path(out.toStdString()));
    QVERIFY(!expected);

    ExportDialog dialog(f.window->session()->path(), f.bookId, QStringLiteral("Storm"));
    dialog.formatBox()->setCurrentIndex(
        dialog.formatBox()->findData(int(novel::ExportFormat::Markdown)));
    dialog.pathField()->setText(out);
    QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
    dialog.startExport();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY(!finished.first().at(0).toBool());
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("exportMessage"));
    QVERIFY(message);
    QCOMPARE(message->text(), finished.first().at(1).toString());
    const QString why = whyUntranslated(message->text(), coreMessage(expected.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY2(message->text().contains(QDir::toNativeSeparators(out)), qPrintable(message->text()));
    QVERIFY(message->toolTip().contains(coreMessage(expected.error())));
}

void TestErrorMessages::searchInMissingLibrary()
{
    const QString gone = m_dir->filePath(QStringLiteral("gone.db"));
    store::OpenOptions options;
    options.create = false;
    const auto expected = store::Database::open(gone.toStdString(), options);
    QVERIFY(!expected);

    SearchDialog dialog(gone, 0);
    QSignalSpy finished(&dialog, &SearchDialog::searchFinished);
    dialog.queryField()->setText(QStringLiteral("lighthouse"));
    dialog.search();
    QTRY_COMPARE(finished.count(), 1);
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("searchMessage"));
    QVERIFY(message);
    const QString why = whyUntranslated(message->text(), coreMessage(expected.error()));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QVERIFY(message->toolTip().contains(coreMessage(expected.error())));
}

QTEST_MAIN(TestErrorMessages)
#include "test_error_messages.moc"
