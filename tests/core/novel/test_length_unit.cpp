#include "novel/length_unit.h"
#include "util/text_stats.h"

#include <string>

#include <QTest>

using namespace scriptorium;
using namespace scriptorium::novel;

Q_DECLARE_METATYPE(LengthUnit)

class TestLengthUnit : public QObject {
    Q_OBJECT

private slots:
    void unitOfLanguage_data();
    void unitOfLanguage();
    void unitAgreesWithCounting_data();
    void unitAgreesWithCounting();
    void namesAndDefaults();
    void lengthForPrompt_data();
    void lengthForPrompt();
};

void TestLengthUnit::unitOfLanguage_data()
{
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<LengthUnit>("unit");

    const auto characters = LengthUnit::Characters;
    const auto words = LengthUnit::Words;
    QTest::newRow("zh") << QByteArray("zh") << characters;
    QTest::newRow("zh-CN") << QByteArray("zh-CN") << characters;
    QTest::newRow("zh-TW") << QByteArray("zh-TW") << characters;
    QTest::newRow("zh-Hant") << QByteArray("zh-Hant") << characters;
    QTest::newRow("zh_Hant_TW (POSIX style)") << QByteArray("zh_Hant_TW") << characters;
    QTest::newRow("upper case") << QByteArray("ZH-cn") << characters;
    QTest::newRow("zho") << QByteArray("zho") << characters;
    QTest::newRow("ja") << QByteArray("ja") << characters;
    QTest::newRow("ja-JP") << QByteArray("ja-JP") << characters;
    QTest::newRow("ko") << QByteArray("ko") << characters;
    QTest::newRow("ko-KR") << QByteArray("ko-KR") << characters;
    QTest::newRow("en") << QByteArray("en") << words;
    QTest::newRow("en-GB") << QByteArray("en-GB") << words;
    QTest::newRow("fr") << QByteArray("fr") << words;
    QTest::newRow("vi (Latin script)") << QByteArray("vi") << words;
    QTest::newRow("zhx is not Chinese") << QByteArray("zhx") << words;
    QTest::newRow("jav is not Japanese") << QByteArray("jav") << words;
    QTest::newRow("empty") << QByteArray() << words;
    QTest::newRow("malformed") << QByteArray("-zh") << words;
}

void TestLengthUnit::unitOfLanguage()
{
    QFETCH(QByteArray, language);
    QFETCH(LengthUnit, unit);
    QCOMPARE(lengthUnitFor(language.toStdString()), unit);
}

void TestLengthUnit::unitAgreesWithCounting_data()
{
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QString>("sample");

    QTest::newRow("zh") << QByteArray("zh") << QStringLiteral("他走进了房间，点亮了灯。");
    QTest::newRow("zh-Hant") << QByteArray("zh-Hant") << QStringLiteral("他走進了房間，點亮了燈。");
    QTest::newRow("ja") << QByteArray("ja") << QStringLiteral("彼は部屋に入って、灯りをつけた。");
    QTest::newRow("ko") << QByteArray("ko") << QStringLiteral("그는 방에 들어가서 불을 켰다.");
    QTest::newRow("en") << QByteArray("en") << QStringLiteral("He walked in and lit the lamp.");
    QTest::newRow("fr") << QByteArray("fr") << QStringLiteral("Il est entré et a allumé la lampe.");
    QTest::newRow("ru") << QByteArray("ru") << QStringLiteral("Он вошёл и зажёг лампу.");
}

void TestLengthUnit::unitAgreesWithCounting()
{
    // A book's unit and the unit its text is counted in (util/text_stats.h) must be the same,
    // or a chapter's target and its length would be in different units.
    QFETCH(QByteArray, language);
    QFETCH(QString, sample);
    const std::string text = sample.toStdString();
    QCOMPARE(lengthUnitOf(countText(text)), lengthUnitFor(language.toStdString()));
}

void TestLengthUnit::namesAndDefaults()
{
    QCOMPARE(lengthUnitName(LengthUnit::Words), std::string_view("words"));
    QCOMPARE(lengthUnitName(LengthUnit::Characters), std::string_view("characters"));
    QCOMPARE(defaultChapterTarget(LengthUnit::Words), std::size_t{2000});
    QCOMPARE(defaultChapterTarget(LengthUnit::Characters), std::size_t{3000});
    QCOMPARE(tokensPerUnit(LengthUnit::Characters), 1.0);
    QVERIFY(tokensPerUnit(LengthUnit::Words) > 1.0);
}

void TestLengthUnit::lengthForPrompt_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<LengthUnit>("unit");
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zh characters")
        << 3000 << LengthUnit::Characters << QByteArray("zh") << QStringLiteral("3000字");
    QTest::newRow("zh-TW characters")
        << 12 << LengthUnit::Characters << QByteArray("zh-TW") << QStringLiteral("12字");
    QTest::newRow("en words") << 2000 << LengthUnit::Words << QByteArray("en")
                              << QStringLiteral("2000 words");
    QTest::newRow("en characters")
        << 3000 << LengthUnit::Characters << QByteArray("en") << QStringLiteral("3000 characters");
    QTest::newRow("zh words") << 2000 << LengthUnit::Words << QByteArray("zh")
                              << QStringLiteral("2000词");
}

void TestLengthUnit::lengthForPrompt()
{
    QFETCH(int, count);
    QFETCH(LengthUnit, unit);
    QFETCH(QByteArray, language);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(novel::lengthForPrompt(static_cast<std::size_t>(count), unit,
                                                           language.toStdString())),
             expected);
}

QTEST_APPLESS_MAIN(TestLengthUnit)
#include "test_length_unit.moc"
