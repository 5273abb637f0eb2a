#include "novel/story_plan.h"

#include <QtTest/QtTest>

using namespace scriptorium;
using namespace scriptorium::novel;
using nlohmann::json;

namespace {

json chapterJson(int number)
{
    return {{"number", number},       {"title", "T" + std::to_string(number)},
            {"purpose", "p"},         {"key_events", {"a", "b"}},
            {"characters", {"Mara"}}, {"foreshadowing", json::array()},
            {"summary", "s"}};
}

json chunkJson(const std::vector<int> &numbers)
{
    json chapters = json::array();
    for (int n : numbers)
        chapters.push_back(chapterJson(n));
    return {{"chapters", chapters}};
}

} // namespace

Q_DECLARE_METATYPE(std::vector<int>)

class TestStoryPlan : public QObject {
    Q_OBJECT

private slots:
    void outlineChunk_data()
    {
        QTest::addColumn<std::vector<int>>("numbers");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::addColumn<QString>("missing");
        QTest::addColumn<bool>("strictOk");
        QTest::newRow("complete") << std::vector<int>{11, 12, 13} << 11 << 13 << "" << true;
        QTest::newRow("out of order") << std::vector<int>{13, 11, 12} << 11 << 13 << "" << true;
        QTest::newRow("gap in the middle")
            << std::vector<int>{1, 2, 6, 7} << 1 << 7 << "3-5" << false;
        QTest::newRow("short") << std::vector<int>{1, 2} << 1 << 5 << "3-5" << false;
        QTest::newRow("duplicate") << std::vector<int>{1, 2, 2, 3} << 1 << 3 << "" << false;
        QTest::newRow("outside") << std::vector<int>{1, 2, 3, 4} << 1 << 3 << "" << false;
        QTest::newRow("skips many (#157)")
            << std::vector<int>{28, 29, 75} << 28 << 75 << "30-74" << false;
    }

    void outlineChunk()
    {
        QFETCH(std::vector<int>, numbers);
        QFETCH(int, first);
        QFETCH(int, last);
        QFETCH(QString, missing);
        QFETCH(bool, strictOk);
        auto chunk = readOutlineChunk(chunkJson(numbers), first, last);
        QVERIFY(chunk.has_value());
        QCOMPARE(QString::fromStdString(describeNumbers(chunk->missing)), missing);
        for (std::size_t i = 1; i < chunk->plans.size(); ++i)
            QVERIFY(chunk->plans[i - 1].number < chunk->plans[i].number);
        auto strict = parseOutlineChunk(chunkJson(numbers), first, last);
        QCOMPARE(strict.has_value(), strictOk);
        if (!strictOk)
            QCOMPARE(strict.error().code, ErrorCode::Conflict);
    }

    void malformedChunk_data()
    {
        QTest::addColumn<QString>("document");
        QTest::newRow("no chapters") << "{\"outline\":[]}";
        QTest::newRow("entry not an object") << "{\"chapters\":[1,2]}";
        QTest::newRow("no number") << "{\"chapters\":[{\"title\":\"x\"}]}";
        QTest::newRow("number as text") << "{\"chapters\":[{\"number\":\"1\"}]}";
    }

    void malformedChunk()
    {
        QFETCH(QString, document);
        auto chunk = readOutlineChunk(json::parse(document.toStdString()), 1, 3);
        QVERIFY(!chunk.has_value());
        QCOMPARE(chunk.error().code, ErrorCode::Parse);
    }

    void chunkRanges_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("expected");
        QTest::newRow("exact") << 1 << 20 << 10 << "1-10,11-20";
        QTest::newRow("remainder") << 1 << 25 << 10 << "1-10,11-20,21-25";
        QTest::newRow("continue from 31") << 31 << 35 << 10 << "31-35";
        QTest::newRow("single") << 7 << 7 << 10 << "7-7";
        QTest::newRow("zero size is one") << 1 << 3 << 0 << "1-1,2-2,3-3";
    }

    void chunkRanges()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(int, size);
        QFETCH(QString, expected);
        QStringList parts;
        for (const auto &[a, b] : novel::chunkRanges(from, to, size))
            parts << QStringLiteral("%1-%2").arg(a).arg(b);
        QCOMPARE(parts.join(u','), expected);
    }

    void bible()
    {
        const json doc = {{"core_idea", "A keeper and a ghost ship."},
                          {"characters",
                           {{{"name", "Mara"},
                             {"role", "keeper"},
                             {"description", "d"},
                             {"initial_state", "alone"}},
                            {{"name", ""}, {"role", "nobody"}}}},
                          {"world",
                           {{{"kind", "place"}, {"name", "Isle"}, {"description", "rock"}},
                            {{"kind", "weird"}, {"name", "Rule"}, {"description", "x"}}}}};
        auto bible = parseBible(doc);
        QVERIFY(bible.has_value());
        QCOMPARE(bible->characters.size(), std::size_t(1)); // nameless entries are dropped
        QCOMPARE(bible->world.size(), std::size_t(2));
        QCOMPARE(bible->world[1].kind, std::string("lore")); // unknown kinds become lore
        QVERIFY(formatCharacter(bible->characters[0], "en").find("alone") != std::string::npos);

        auto empty = parseBible(json{{"core_idea", "x"}, {"characters", json::array()}});
        QVERIFY(!empty.has_value());
        QCOMPARE(empty.error().code, ErrorCode::Parse);
    }

    void schemaNamesCharacters()
    {
        const json schema = outlineSchema(5, 9, {"Mara", "Ilse"});
        const json &chapters = schema["properties"]["chapters"];
        QCOMPARE(chapters["minItems"].get<int>(), 5);
        QCOMPARE(chapters["maxItems"].get<int>(), 5);
        QCOMPARE(chapters["items"]["properties"]["number"]["minimum"].get<int>(), 5);
        QCOMPARE(chapters["items"]["properties"]["characters"]["items"]["enum"].size(),
                 std::size_t(2));
    }

    void beatsAreReadLeniently_data()
    {
        QTest::addColumn<QString>("beats");
        QTest::addColumn<QString>("expected"); // text|pov|location per beat, ';'-separated
        QTest::newRow("absent") << ""
                                << "";
        QTest::newRow("objects")
            << R"([{"text":"Mara finds the ledger","pov":"Mara","location":"archive"},)"
               R"({"text":"Ilse lies"}])"
            << "Mara finds the ledger|Mara|archive;Ilse lies||";
        QTest::newRow("bare strings") << R"(["one","two"])"
                                      << "one||;two||";
        QTest::newRow("synonyms and junk")
            << R"([{"beat":"b","point_of_view":"Ilse"},{"text":"  "},42,null,{"description":"d"}])"
            << "b|Ilse|;d||";
        QTest::newRow("not a list") << R"("just a string")"
                                    << "";
    }

    void beatsAreReadLeniently()
    {
        QFETCH(QString, beats);
        QFETCH(QString, expected);
        json chapter = chapterJson(1);
        if (!beats.isEmpty())
            chapter["beats"] = json::parse(beats.toStdString());
        auto chunk = readOutlineChunk(json{{"chapters", {chapter}}}, 1, 1);
        QVERIFY(chunk.has_value());
        QCOMPARE(chunk->plans.size(), std::size_t(1));
        QStringList got;
        for (const BeatPlan &b : chunk->plans[0].beats)
            got << QString::fromStdString(b.text + "|" + b.pov + "|" + b.location);
        QCOMPARE(got.join(u';'), expected);
    }

    void schemaOffersBeats()
    {
        const json schema = outlineSchema(1, 3, {"Mara", "Ilse"});
        const json &chapter = schema["properties"]["chapters"]["items"];
        const json &beats = chapter["properties"]["beats"];
        QCOMPARE(beats["type"].get<std::string>(), std::string("array"));
        QCOMPARE(beats["items"]["required"], json::array({"text"}));
        QCOMPARE(beats["items"]["properties"]["pov"]["enum"].size(), std::size_t(2));
        QVERIFY(beats["items"]["properties"].contains("location"));
        // Optional: an outline without beats stays valid.
        for (const json &name : chapter["required"])
            QVERIFY(name.get<std::string>() != "beats");
    }

    void formatsInBothLanguages()
    {
        ChapterPlan plan{3,    "Fog", "raise stakes", {"a", "b"}, {"Mara", "Ilse"}, {"the bell"},
                         "sum"};
        const std::string en = formatChapterPlan(plan, "en");
        const std::string zh = formatChapterPlan(plan, "zh");
        QVERIFY(en.find("Key events: a; b") != std::string::npos);
        QVERIFY(zh.find("出场人物：Mara、Ilse") != std::string::npos);
        QCOMPARE(templateLanguage("zh-CN"), std::string("zh"));
        QCOMPARE(templateLanguage("de"), std::string("en"));
    }
};

QTEST_APPLESS_MAIN(TestStoryPlan)
#include "test_story_plan.moc"
