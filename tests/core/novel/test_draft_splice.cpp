#include "novel/draft_splice.h"

#include <optional>
#include <string>

#include <QStringView>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::novel;

Q_DECLARE_METATYPE(DraftPlacement)
Q_DECLARE_METATYPE(std::optional<ErrorCode>)

class TestDraftSplice : public QObject {
    Q_OBJECT

private slots:
    void splice_data();
    void splice();
    void selectionInUtf16BecomesByteOffset();
};

void TestDraftSplice::splice_data()
{
    QTest::addColumn<DraftPlacement>("placement");
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("draft");
    QTest::addColumn<QString>("passage");
    QTest::addColumn<int>("offset"); // bytes
    QTest::addColumn<QString>("expected");
    QTest::addColumn<std::optional<ErrorCode>>("error");

    const auto body = DraftPlacement::ReplaceBody;
    const auto append = DraftPlacement::Append;
    const auto passage = DraftPlacement::ReplacePassage;
    const std::optional<ErrorCode> ok;
    const QString none;

    QTest::newRow("draft replaces the body")
        << body << QByteArray("en") << QStringLiteral("Old text.") << QStringLiteral("New text.")
        << none << 0 << QStringLiteral("New text.") << ok;
    QTest::newRow("draft keeps its white space")
        << body << QByteArray("en") << QStringLiteral("Old.") << QStringLiteral("\nNew.\n") << none
        << 0 << QStringLiteral("\nNew.\n") << ok;

    QTest::newRow("continue adds a space between words")
        << append << QByteArray("en") << QStringLiteral("He ran.") << QStringLiteral("She hid.")
        << none << 0 << QStringLiteral("He ran. She hid.") << ok;
    QTest::newRow("continue after a space")
        << append << QByteArray("en") << QStringLiteral("He ran. ") << QStringLiteral("She hid.")
        << none << 0 << QStringLiteral("He ran. She hid.") << ok;
    QTest::newRow("continue with a new paragraph")
        << append << QByteArray("en") << QStringLiteral("He ran.") << QStringLiteral("\nShe hid.")
        << none << 0 << QStringLiteral("He ran.\nShe hid.") << ok;
    QTest::newRow("continue in Chinese joins as is")
        << append << QByteArray("zh") << QStringLiteral("他跑了。") << QStringLiteral("她躲了。")
        << none << 0 << QStringLiteral("他跑了。她躲了。") << ok;
    QTest::newRow("continue after an ideographic space")
        << append << QByteArray("en") << QStringLiteral("他跑了。\u3000") << QStringLiteral("Then.")
        << none << 0 << QStringLiteral("他跑了。\u3000Then.") << ok;
    QTest::newRow("continue an empty chapter")
        << append << QByteArray("en") << QString() << QStringLiteral("Start.") << none << 0
        << QStringLiteral("Start.") << ok;

    QTest::newRow("rewrite where it was")
        << passage << QByteArray("en") << QStringLiteral("Keep this. Rewrite me. Keep that.")
        << QStringLiteral("  Rewritten.\n") << QStringLiteral("Rewrite me.") << 11
        << QStringLiteral("Keep this. Rewritten. Keep that.") << ok;
    QTest::newRow("rewrite moved by an edit before it")
        << passage << QByteArray("en") << QStringLiteral("New. Keep this. Rewrite me. Keep that.")
        << QStringLiteral("Rewritten.") << QStringLiteral("Rewrite me.") << 11
        << QStringLiteral("New. Keep this. Rewritten. Keep that.") << ok;
    QTest::newRow("rewrite the nearest of two copies")
        << passage << QByteArray("en") << QStringLiteral("Go. Go. Stop. Go.")
        << QStringLiteral("Run.") << QStringLiteral("Go.") << 15
        << QStringLiteral("Go. Go. Stop. Run.") << ok;
    QTest::newRow("tie goes to the earlier copy")
        << passage << QByteArray("en") << QStringLiteral("ab  ab") << QStringLiteral("X")
        << QStringLiteral("ab") << 2 << QStringLiteral("X  ab") << ok;
    QTest::newRow("expand Chinese by byte offset")
        << passage << QByteArray("zh") << QStringLiteral("甲乙。改写我。丙丁。")
        << QStringLiteral("\u3000扩写后的段落。\n") << QStringLiteral("改写我。") << 9
        << QStringLiteral("甲乙。扩写后的段落。丙丁。") << ok;
    QTest::newRow("Chinese passage moved by an edit")
        << passage << QByteArray("zh") << QStringLiteral("序。甲乙。改写我。丙丁。")
        << QStringLiteral("新。") << QStringLiteral("改写我。") << 9
        << QStringLiteral("序。甲乙。新。丙丁。") << ok;
    QTest::newRow("passage changed meanwhile")
        << passage << QByteArray("en") << QStringLiteral("Keep this. Rewrote it myself.")
        << QStringLiteral("Rewritten.") << QStringLiteral("Rewrite me.") << 11 << QString()
        << std::optional(ErrorCode::Conflict);
    QTest::newRow("chapter emptied meanwhile")
        << passage << QByteArray("zh") << QString() << QStringLiteral("新。")
        << QStringLiteral("改写我。") << 9 << QString() << std::optional(ErrorCode::Conflict);
    const auto insert = DraftPlacement::Insert;
    QTest::newRow("beat between paragraphs")
        << insert << QByteArray("en") << QStringLiteral("First.\nLast.")
        << QStringLiteral("  Middle.\n") << QStringLiteral("First.\n") << 0
        << QStringLiteral("First.\nMiddle.\nLast.") << ok;
    QTest::newRow("beat mid-line gets its own paragraph")
        << insert << QByteArray("en") << QStringLiteral("He ran. She hid.")
        << QStringLiteral("Rain.") << QStringLiteral("He ran.") << 0
        << QStringLiteral("He ran.\nRain.\n She hid.") << ok;
    QTest::newRow("beat at the start")
        << insert << QByteArray("en") << QStringLiteral("Text.") << QStringLiteral("Open.")
        << QString() << 0 << QStringLiteral("Open.\nText.") << ok;
    QTest::newRow("beat at the end")
        << insert << QByteArray("zh") << QStringLiteral("甲乙。") << QStringLiteral("丙丁。")
        << QStringLiteral("甲乙。") << 0 << QStringLiteral("甲乙。\n丙丁。") << ok;
    QTest::newRow("beat into an empty chapter")
        << insert << QByteArray("en") << QString() << QStringLiteral("All.") << QString() << 0
        << QStringLiteral("All.") << ok;
    QTest::newRow("beat after an edit before the cursor")
        << insert << QByteArray("en") << QStringLiteral("New.\nFirst.\nLast.")
        << QStringLiteral("Middle.") << QStringLiteral("First.\n") << 0
        << QStringLiteral("New.\nFirst.\nMiddle.\nLast.") << ok;
    QTest::newRow("beat anchor changed meanwhile")
        << insert << QByteArray("en") << QStringLiteral("Gone.") << QStringLiteral("Middle.")
        << QStringLiteral("First.\n") << 0 << QString() << std::optional(ErrorCode::Conflict);
    QTest::newRow("no passage") << passage << QByteArray("en") << QStringLiteral("Text.")
                                << QStringLiteral("Draft.") << QString() << 0 << QString()
                                << std::optional(ErrorCode::InvalidArgument);
}

void TestDraftSplice::splice()
{
    QFETCH(DraftPlacement, placement);
    QFETCH(QByteArray, language);
    QFETCH(QString, current);
    QFETCH(QString, draft);
    QFETCH(QString, passage);
    QFETCH(int, offset);
    QFETCH(QString, expected);
    QFETCH(std::optional<ErrorCode>, error);

    const std::string languageText = language.toStdString();
    const std::string passageText = passage.toStdString();
    DraftSplice splice;
    splice.placement = placement;
    splice.language = languageText;
    splice.passage = passageText;
    splice.passageOffset = static_cast<std::size_t>(offset);
    auto body = spliceDraft(current.toStdString(), draft.toStdString(), splice);
    if (error) {
        QVERIFY(!body.has_value());
        QCOMPARE(body.error().code, *error);
        return;
    }
    QVERIFY2(body.has_value(), body ? "" : body.error().message.c_str());
    QCOMPARE(QString::fromStdString(*body), expected);
}

void TestDraftSplice::selectionInUtf16BecomesByteOffset()
{
    // The GUI holds a selection in UTF-16 code units and converts it to a UTF-8 byte offset
    // before calling core (GenerationPanel::splicedDraft). With eight CJK characters before
    // it, the second "A." is at UTF-16 position 12 but at byte 28; taken as bytes, 12 would be
    // nearest the first copy (byte 25) and the wrong passage would be replaced.
    const QString text = QStringLiteral("甲乙丙丁戊己庚辛 A. A.");
    const qsizetype start = text.lastIndexOf(QStringLiteral("A."));
    QCOMPARE(start, 12);
    const std::string passage = QStringView(text).mid(start, 2).toUtf8().toStdString();
    DraftSplice splice;
    splice.placement = DraftPlacement::ReplacePassage;
    splice.language = "zh";
    splice.passage = passage;
    splice.passageOffset = static_cast<std::size_t>(QStringView(text).left(start).toUtf8().size());
    QCOMPARE(splice.passageOffset, std::size_t{28});
    auto body = spliceDraft(text.toStdString(), "B.", splice);
    QVERIFY(body.has_value());
    QCOMPARE(QString::fromStdString(*body), QStringLiteral("甲乙丙丁戊己庚辛 A. B."));

    splice.passageOffset = static_cast<std::size_t>(start); // the mistake this guards against
    QCOMPARE(QString::fromStdString(*spliceDraft(text.toStdString(), "B.", splice)),
             QStringLiteral("甲乙丙丁戊己庚辛 B. A."));
}

QTEST_APPLESS_MAIN(TestDraftSplice)
#include "test_draft_splice.moc"
