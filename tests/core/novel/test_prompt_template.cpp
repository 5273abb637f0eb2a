#include "novel/prompt_template.h"

#include <QTemporaryDir>
#include <QTest>

using scriptorium::ErrorCode;
using scriptorium::novel::PromptLibrary;
using scriptorium::novel::PromptTemplate;
using scriptorium::novel::TemplateValues;

class TestPromptTemplate : public QObject {
    Q_OBJECT

private slots:
    void renders_data();
    void renders();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void shippedTemplatesParseInBothLanguages();
    void overrideWinsAndResets();
};

void TestPromptTemplate::renders_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("value") << QStringLiteral("Hi {{name}}!") << QStringLiteral("Hi Ann!");
    QTest::newRow("unknown is empty") << QStringLiteral("[{{nope}}]") << QStringLiteral("[]");
    QTest::newRow("section shown")
        << QStringLiteral("a{{#name}}<{{name}}>{{/name}}b") << QStringLiteral("a<Ann>b");
    QTest::newRow("section hidden")
        << QStringLiteral("a{{#empty}}<{{empty}}>{{/empty}}b") << QStringLiteral("ab");
    QTest::newRow("section lines vanish")
        << QStringLiteral("top\n{{#empty}}\nhidden\n{{/empty}}\nbottom\n")
        << QStringLiteral("top\nbottom\n");
    QTest::newRow("shown section lines vanish too")
        << QStringLiteral("top\n{{#name}}\n{{name}}\n{{/name}}\nbottom")
        << QStringLiteral("top\nAnn\nbottom");
    QTest::newRow("chinese") << QStringLiteral("\u7b2c{{n}}\u7ae0")
                             << QStringLiteral("\u7b2c7\u7ae0");
}

void TestPromptTemplate::renders()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto parsed = PromptTemplate::parse(source.toStdString());
    QVERIFY(parsed.has_value());
    const TemplateValues values{{"name", "Ann"}, {"empty", ""}, {"n", "7"}};
    QCOMPARE(QString::fromStdString(parsed->render(values)), expected);
}

void TestPromptTemplate::rejectsMalformed_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("unclosed") << QStringLiteral("{{#a}} text");
    QTest::newRow("mismatched") << QStringLiteral("{{#a}}{{/b}}");
    QTest::newRow("stray close") << QStringLiteral("text {{/a}}");
    QTest::newRow("empty name") << QStringLiteral("{{}}");
}

void TestPromptTemplate::rejectsMalformed()
{
    QFETCH(QString, source);
    auto parsed = PromptTemplate::parse(source.toStdString());
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().code, ErrorCode::Parse);
}

void TestPromptTemplate::shippedTemplatesParseInBothLanguages()
{
    const PromptLibrary library;
    for (const char *language : {"en", "zh"}) {
        for (const char *name : {"draft_system", "draft_user", "rewrite_user", "expand_user",
                                 "beat_user", "outline_user"}) {
            auto loaded = library.load(language, name);
            QVERIFY2(loaded.has_value(), name);
            QVERIFY(loaded->source().find("{{") != std::string::npos);
        }
    }
    QVERIFY(library.load("zh", "draft_user")->source().find("\u672c\u7ae0\u5927\u7eb2")
            != std::string::npos);
    // The selection prompts name the passage and the outline they work on.
    const std::string rewrite
        = library.load("zh", "rewrite_user")->render({{"chapter_outline", "O"}, {"passage", "P"}});
    QVERIFY(rewrite.starts_with("\u8bf7\u6539\u5199")); // 请改写
    QVERIFY(rewrite.find("\nO\n") != std::string::npos);
    QVERIFY(rewrite.find("\nP") != std::string::npos);
    QVERIFY(library.load("en", "expand_user")->source().starts_with("Expand the passage"));
    // The beat prompt names the one beat to write among all of them.
    for (const char *language : {"en", "zh"}) {
        const std::string beat = library.load(language, "beat_user")
                                     ->render({{"chapter_number", "4"},
                                               {"chapter_outline", "O"},
                                               {"beats", "1. A\n2. B"},
                                               {"beat_number", "2"},
                                               {"beat", "B"},
                                               {"text_before", "BEFORE"}});
        QVERIFY2(beat.find("1. A\n2. B") != std::string::npos, language);
        QVERIFY(beat.find("\nB\n") != std::string::npos);
        QVERIFY(beat.find("BEFORE") != std::string::npos);
        QVERIFY(beat.find("{{") == std::string::npos);
    }
    auto missing = library.load("en", "no_such_template");
    QVERIFY(!missing.has_value());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestPromptTemplate::overrideWinsAndResets()
{
    QTemporaryDir dir;
    const PromptLibrary library(dir.path().toStdString());
    QVERIFY(library.saveOverride("en", "draft_system", "Custom {{style_guide}}").has_value());
    QCOMPARE(library.load("en", "draft_system")->render({{"style_guide", "terse"}}),
             std::string("Custom terse"));
    // Chinese is untouched by an English override.
    QVERIFY(library.load("zh", "draft_system")->source().find("Custom") == std::string::npos);
    // A malformed edit is refused and the previous override kept.
    auto bad = library.saveOverride("en", "draft_system", "{{#x}}");
    QVERIFY(!bad.has_value());
    QCOMPARE(bad.error().code, ErrorCode::Parse);
    QCOMPARE(library.load("en", "draft_system")->source(), std::string("Custom {{style_guide}}"));
    QVERIFY(library.shippedText("en", "draft_system")->find("novelist") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestPromptTemplate)
#include "test_prompt_template.moc"
