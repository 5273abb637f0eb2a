// The routing editor's providers and presets: the endpoint list from the catalog, reordering
// providers (drag and buttons) changes the `provider` object of the next request as the
// simulator received it, findings follow the edits, and presets round-trip with per-book /
// per-stage choices (a book's in its library, so libraries whose books share an id keep their
// own; "Default" falls back from the chosen preset to the book's to the stage's in one place).
// Its strategy and per-stage policies are in test_routing_editor_policies.
#include "routing/http_catalog_source.h"
#include "routing/model_catalog.h"
#include "routing_request_probe.h"
#include "store/book_store.h"
#include "store/database.h"
#include "ui/routing/routing_editor.h"
#include "ui/routing/routing_presets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGroupBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace scriptorium;
using namespace scriptorium::ui;
using namespace scriptorium::test;

class TestRoutingEditor : public QObject {
    Q_OBJECT

private slots:
    void reorderChangesNextRequest();
    void endpointListComesFromCatalog();
    void findingsFollowEdits();
    void editsMapToProviderObject();
    void presetsRoundTrip();
    void defaultPresetFallsBackFromBookToStage();
    void bookPresetsBelongToTheirLibrary();
};

void TestRoutingEditor::reorderChangesNextRequest()
{
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.02, .seed = 5, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    RoutingEditor editor(baseConfig());
    QSignalSpy changed(&editor, &RoutingEditor::configChanged);

    json first = sendOne(sim, client, editor.config());
    QVERIFY(!first.is_null());
    QCOMPARE(orderOf(first), (std::vector<std::string>{"deepinfra", "together", "fireworks"}));
    QCOMPARE(first.at("provider_slug").get<std::string>(), std::string("deepinfra"));

    // Drag Together to the top (what the list's internal move does to its model).
    QListWidget *order = editor.orderList();
    QVERIFY(order->model()->moveRow(QModelIndex(), 1, QModelIndex(), 0));
    QVERIFY(changed.count() >= 1);
    json second = sendOne(sim, client, editor.config());
    QCOMPARE(orderOf(second), (std::vector<std::string>{"together", "deepinfra", "fireworks"}));
    QCOMPARE(second.at("provider_slug").get<std::string>(), std::string("together"));

    // With the buttons' path: Fireworks first, fallbacks off. Its endpoint for this model is
    // bf16, so the fp8 filter skips it and the next provider in the order serves.
    editor.moveProvider(2, 0);
    editor.allowFallbacks()->setChecked(false);
    json third = sendOne(sim, client, editor.config());
    QCOMPARE(orderOf(third), (std::vector<std::string>{"fireworks", "together", "deepinfra"}));
    QCOMPARE(third.at("provider_request").at("allow_fallbacks").get<bool>(), false);
    QCOMPARE(third.at("provider_slug").get<std::string>(), std::string("together"));
}

void TestRoutingEditor::endpointListComesFromCatalog()
{
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.02, .seed = 5, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    QTemporaryDir dir;
    auto source = std::make_shared<routing::HttpCatalogSource>(client, sim.baseUrl(),
                                                               routing::ApiKey("sk-sim-x"));
    routing::ModelCatalog catalog(source,
                                  routing::CatalogOptions{.cacheDir = dir.path().toStdString(),
                                                          .ttl = std::chrono::hours(1),
                                                          .wallClock = {}});
    RoutingEditor editor(baseConfig());
    editor.setEndpointLoader(
        [&catalog](const std::string &model) -> Result<openrouter::ModelEndpoints> {
            auto e = catalog.endpoints(model);
            if (!e)
                return fail(e.error());
            return e->value;
        });
    QSignalSpy loaded(&editor, &RoutingEditor::endpointsLoaded);
    editor.reloadEndpoints();
    QTRY_COMPARE(loaded.count(), 1);
    auto expected = catalog.endpoints(kModel);
    QVERIFY(expected.has_value());
    QTableWidget *table = editor.endpointTable();
    QCOMPARE(table->rowCount(), static_cast<int>(expected->value.endpoints.size()));
    QStringList tags;
    for (int r = 0; r < table->rowCount(); ++r)
        tags << table->item(r, 1)->text();
    QVERIFY(tags.contains(QStringLiteral("chutes/fp4")));
    // Adding Chutes from the list appends its slug to the order.
    editor.addEndpointToOrder(static_cast<int>(tags.indexOf(QStringLiteral("chutes/fp4"))));
    QCOMPARE(editor.config().provider.order.back(), std::string("chutes"));
}

void TestRoutingEditor::findingsFollowEdits()
{
    RoutingEditor editor(baseConfig());
    QVERIFY(editor.findings().withRule("provider_retired").empty());
    editor.orderList()->insertItem(0, QStringLiteral("lambda"));
    editor.moveProvider(0, 1); // any edit re-validates
    QCOMPARE(editor.findings().withRule("provider_retired").size(), std::size_t(1));
    QVERIFY(!editor.findings().withRule("provider_retired").front().fix.empty());
    bool listed = false;
    for (int i = 0; i < editor.findingList()->count(); ++i)
        listed |= editor.findingList()->item(i)->data(Qt::UserRole).toString()
            == QStringLiteral("provider_retired");
    QVERIFY(listed);
    delete editor.orderList()->takeItem(1);
    editor.moveProvider(0, 1);
    QVERIFY(editor.findings().withRule("provider_retired").empty());

    // Online findings arrive asynchronously and are shown beside the offline ones.
    editor.setOnlineValidator([](const routing::RoutingConfig &) {
        routing::ValidationReport r;
        r.add(routing::Severity::Warning, "provider_lacks_precision", "/provider/order/1",
              "together serves no fp8 endpoint of this model", "move it after an fp8 provider");
        return r;
    });
    QTRY_COMPARE(editor.findings().withRule("provider_lacks_precision").size(), std::size_t(1));
}

void TestRoutingEditor::editsMapToProviderObject()
{
    RoutingEditor editor(baseConfig());
    editor.sortChooser()->setCurrentIndex(editor.sortChooser()->findData(QStringLiteral("price")));
    editor.findChildren<QCheckBox *>(QStringLiteral("bf16")).front()->setChecked(true);
    editor.findChild<QDoubleSpinBox *>(QStringLiteral("maxCompletionPrice"))->setValue(0.5);
    const routing::RoutingConfig c = editor.config();
    QCOMPARE(c.provider.sort->by, std::string("price"));
    QCOMPARE(c.provider.quantizations, (std::vector<std::string>{"fp8", "bf16"}));
    QVERIFY(c.provider.maxPrice.has_value());
    QCOMPARE(*c.provider.maxPrice->completion, 0.5);
    QVERIFY(!c.provider.maxPrice->prompt.has_value());
    const json sent = c.toJson();
    QCOMPARE(sent.at("provider").at("max_price").at("completion").get<double>(), 0.5);
}

void TestRoutingEditor::presetsRoundTrip()
{
    QTemporaryDir dir;
    RoutingPresets presets(dir.path());
    routing::RoutingConfig cheap = baseConfig();
    cheap.provider.order = {"chutes", "novita"};
    cheap.provider.sort = openrouter::SortPreference{"price", ""};
    QVERIFY(presets.save(QStringLiteral("cheap fast"), cheap).has_value());
    QCOMPARE(presets.save(QStringLiteral("a/b"), cheap).error().code, ErrorCode::InvalidArgument);
    QCOMPARE(presets.names(), QStringList{QStringLiteral("cheap fast")});
    QVERIFY(presets.assignToStage(QStringLiteral("summary"), QStringLiteral("cheap fast")));
    QVERIFY(!presets.resolve(nullptr, std::nullopt, QStringLiteral("draft")).has_value());
    auto forSummary = presets.resolve(nullptr, std::nullopt, QStringLiteral("summary"));
    QVERIFY(forSummary.has_value());
    QCOMPARE(forSummary->provider.order, cheap.provider.order);
    // A book's preset wins over its stage's.
    auto library = store::Database::open(dir.filePath(QStringLiteral("lib.db")).toStdString());
    QVERIFY(library.has_value());
    const auto book
        = store::BookStore(**library).create(store::Book{.title = "Storm", .language = "en"});
    QVERIFY(book.has_value());
    routing::RoutingConfig careful = baseConfig();
    QVERIFY(presets.save(QStringLiteral("careful"), careful).has_value());
    QVERIFY(presets.assignToBook(**library, *book, QStringLiteral("careful")).has_value());
    QCOMPARE(presets.resolve(library->get(), *book, QStringLiteral("summary"))->provider.order,
             careful.provider.order);

    RoutingEditor editor(baseConfig());
    editor.setPresets(&presets);
    auto *chooser = editor.findChild<QComboBox *>(QStringLiteral("presetChooser"));
    QCOMPARE(chooser->count(), 2);
}

void TestRoutingEditor::defaultPresetFallsBackFromBookToStage()
{
    QTemporaryDir dir;
    RoutingPresets presets(dir.path());
    auto library = store::Database::open(dir.filePath(QStringLiteral("lib.db")).toStdString());
    QVERIFY(library.has_value());
    store::Database &db = **library;
    const std::int64_t book
        = *store::BookStore(db).create(store::Book{.title = "Storm", .language = "en"});
    const QString draft = QStringLiteral("draft");
    auto effective = [&](const QString &chosen, store::Database *in, std::int64_t bookId) {
        auto name = presets.effectivePreset(chosen, in, bookId, draft);
        return name ? *name : QStringLiteral("<error>");
    };

    // Nothing assigned: "Default" is the window's routing config (no preset).
    QCOMPARE(effective({}, &db, book), QString());
    // The draft stage's preset.
    QVERIFY(presets.assignToStage(draft, QStringLiteral("stage preset")).has_value());
    QCOMPARE(effective({}, &db, book), QStringLiteral("stage preset"));
    // The book's wins over the stage's…
    QVERIFY(presets.assignToBook(db, book, QStringLiteral("book preset")).has_value());
    QCOMPARE(effective({}, &db, book), QStringLiteral("book preset"));
    // Without a book id or a library, the book's is not looked up.
    QCOMPARE(effective({}, &db, 0), QStringLiteral("stage preset"));
    QCOMPARE(effective({}, nullptr, book), QStringLiteral("stage preset"));
    // A preset the writer picked wins over both.
    QCOMPARE(effective(QStringLiteral("picked"), &db, book), QStringLiteral("picked"));
    // Clearing the book's falls back to the stage's again.
    QVERIFY(presets.assignToBook(db, book, {}).has_value());
    QCOMPARE(effective({}, &db, book), QStringLiteral("stage preset"));
    QVERIFY(presets.assignToStage(draft, {}).has_value());
    QCOMPARE(effective({}, &db, book), QString());
}

void TestRoutingEditor::bookPresetsBelongToTheirLibrary()
{
    QTemporaryDir dir;
    RoutingPresets presets(dir.path());
    // Before issue 14 a book's preset was "book:<id>" in the per-user assignments.json. Nothing
    // says which library that book was in, so it is never applied.
    {
        QFile legacy(dir.filePath(QStringLiteral("assignments.json")));
        QVERIFY(legacy.open(QIODevice::WriteOnly));
        legacy.write(R"({"book:1": "from another library"})");
    }
    auto first = store::Database::open(dir.filePath(QStringLiteral("first.db")).toStdString());
    auto second = store::Database::open(dir.filePath(QStringLiteral("second.db")).toStdString());
    QVERIFY(first.has_value() && second.has_value());
    const auto a
        = store::BookStore(**first).create(store::Book{.title = "Storm", .language = "en"});
    const auto b
        = store::BookStore(**second).create(store::Book{.title = "Lamp", .language = "en"});
    QVERIFY(a.has_value() && b.has_value());
    QCOMPARE(*a, std::int64_t(1));
    QCOMPARE(*b, *a);
    const QString draft = QStringLiteral("draft");
    QCOMPARE(presets.effectivePreset({}, first->get(), *a, draft).value(), QString());

    QVERIFY(presets.assignToBook(**first, *a, QStringLiteral("careful")).has_value());
    QCOMPARE(presets.presetForBook(**first, *a).value(), QStringLiteral("careful"));
    QCOMPARE(presets.presetForBook(**second, *b).value(), QString());
    QCOMPARE(presets.effectivePreset({}, second->get(), *b, draft).value(), QString());
    QVERIFY(presets.assignToBook(**second, *b, QStringLiteral("cheap fast")).has_value());
    QCOMPARE(presets.effectivePreset({}, first->get(), *a, draft).value(),
             QStringLiteral("careful"));
    QCOMPARE(presets.effectivePreset({}, second->get(), *b, draft).value(),
             QStringLiteral("cheap fast"));
    // The preset files stay the user's: one directory serves both libraries.
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("careful.json"))));
    QVERIFY(presets.save(QStringLiteral("careful"), baseConfig()).has_value());
    QVERIFY(presets.resolve(first->get(), *a, draft).has_value());
    QVERIFY(!presets.resolve(second->get(), *b, draft).has_value()); // "cheap fast" has no file
}

QTEST_MAIN(TestRoutingEditor)
#include "test_routing_editor.moc"
