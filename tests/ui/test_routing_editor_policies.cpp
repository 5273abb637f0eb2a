// The routing editor's strategy and per-stage policies: the `routing` section and the
// provider's performance fields (issue 12) load, save through the config file, are validated
// as they change and reach the request, and so do the per-stage policies of the Stages section
// (issue 13). Its providers and presets are in test_routing_editor.
#include "routing_request_probe.h"
#include "ui/routing/routing_editor.h"
#include "ui/routing/stage_policy_editor.h"
#include "ui/routing/strategy_settings_editor.h"

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

class TestRoutingEditorPolicies : public QObject {
    Q_OBJECT

private slots:
    void strategyFieldsRoundTripThroughConfigFile();
    void strategyFieldsAreValidated();
    void performanceFieldsReachTheRequest();
    void stagesRoundTripThroughConfigFile();
    void stagesAreAddedRemovedAndValidated();
    void stageProviderReachesTheRequest();
};

void TestRoutingEditorPolicies::strategyFieldsRoundTripThroughConfigFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("routing.json"));
    routing::RoutingConfig stored = baseConfig();
    stored.routing.objective = routing::RoutingObjective::Cost;
    stored.routing.explorationShare = 0.1;
    stored.routing.cooldownFailures = 5;
    stored.routing.cooldown = std::chrono::milliseconds(45'000);
    stored.routing.maxCooldown = std::chrono::milliseconds(600'000);
    stored.routing.halfLife = std::chrono::milliseconds(120'000); // not shown: kept
    stored.routing.precisionPolicy = routing::PrecisionPolicy::FastestAcceptable;
    stored.routing.acceptablePrecisions = {"fp8", "bf16", "fp4"};
    stored.routing.minThroughput = 40;
    stored.provider.preferredMinThroughput = openrouter::PerformanceThreshold::atP50(50);
    openrouter::PerformanceThreshold latency;
    latency.p50 = 2.5;
    latency.p90 = 6; // not shown: kept
    stored.provider.preferredMaxLatency = latency;
    stored.provider.enforceDistillableText = true;
    QVERIFY(stored.save(path.toStdString()).has_value());

    RoutingEditorDialog dialog(path);
    RoutingEditor *editor = dialog.editor();
    auto combo = [editor](const char *name) {
        return editor->findChild<QComboBox *>(QLatin1String(name));
    };
    auto spin = [editor](const char *name) {
        return editor->findChild<QDoubleSpinBox *>(QLatin1String(name));
    };
    auto box = [editor](const char *name) {
        return editor->findChild<QCheckBox *>(QLatin1String(name));
    };
    // Every field shows what the file says.
    QCOMPARE(combo("routingStrategy")->currentData().toString(), QStringLiteral("adaptive"));
    QCOMPARE(combo("routingObjective")->currentData().toString(), QStringLiteral("cost"));
    QCOMPARE(spin("explorationShare")->value(), 10.0);
    QCOMPARE(editor->findChild<QSpinBox *>(QStringLiteral("cooldownFailures"))->value(), 5);
    QCOMPARE(spin("cooldownSeconds")->value(), 45.0);
    QCOMPARE(spin("maxCooldownSeconds")->value(), 600.0);
    QCOMPARE(combo("precisionPolicy")->currentData().toString(),
             QStringLiteral("fastest_acceptable"));
    QVERIFY(box("acceptable-fp8")->isChecked() && box("acceptable-bf16")->isChecked()
            && box("acceptable-fp4")->isChecked() && !box("acceptable-fp16")->isChecked());
    QVERIFY(box("acceptable-fp16")->isEnabled());
    QCOMPARE(spin("speedFloor")->value(), 40.0);
    QVERIFY(spin("speedFloor")->isEnabled());
    QCOMPARE(spin("preferredMinThroughput")->value(), 50.0);
    QCOMPARE(spin("preferredMaxLatency")->value(), 2.5);
    QVERIFY(box("enforceDistillableText")->isChecked());
    QCOMPARE(editor->config().routing, stored.routing);
    QCOMPARE(editor->config().provider.preferredMinThroughput,
             stored.provider.preferredMinThroughput);
    QCOMPARE(editor->config().provider.preferredMaxLatency, stored.provider.preferredMaxLatency);
    QCOMPARE(editor->config().provider.enforceDistillableText, std::optional(true));

    // Edit each field, save with OK, read the file back.
    QSignalSpy changed(editor, &RoutingEditor::configChanged);
    combo("routingObjective")
        ->setCurrentIndex(combo("routingObjective")->findData(QStringLiteral("balanced")));
    QVERIFY(!spin("speedFloor")->isEnabled()); // the floor is the cost objective's
    spin("explorationShare")->setValue(20);
    editor->findChild<QSpinBox *>(QStringLiteral("cooldownFailures"))->setValue(2);
    spin("cooldownSeconds")->setValue(90);
    box("acceptable-fp4")->setChecked(false);
    box("acceptable-fp16")->setChecked(true);
    spin("preferredMinThroughput")->setValue(0); // not set
    spin("preferredMaxLatency")->setValue(3);
    box("enforceDistillableText")->setChecked(false);
    QVERIFY(changed.count() >= 9);
    QVERIFY(editor->findings().valid());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    auto saved = routing::RoutingConfig::load(path.toStdString());
    QVERIFY(saved.has_value());
    const routing::StrategySettings &r = saved->routing;
    QCOMPARE(r.strategy, routing::StrategyKind::Adaptive);
    QCOMPARE(r.objective, routing::RoutingObjective::Balanced);
    QCOMPARE(r.explorationShare, 0.2);
    QCOMPARE(r.cooldownFailures, 2);
    QCOMPARE(r.cooldown, std::chrono::milliseconds(90'000));
    QCOMPARE(r.maxCooldown, std::chrono::milliseconds(600'000));
    QCOMPARE(r.halfLife, std::chrono::milliseconds(120'000));
    QCOMPARE(r.precisionPolicy, routing::PrecisionPolicy::FastestAcceptable);
    QCOMPARE(r.acceptablePrecisions, (std::vector<std::string>{"fp8", "fp16", "bf16"}));
    QCOMPARE(r.minThroughput, std::optional<double>(40));
    QVERIFY(!saved->provider.preferredMinThroughput.has_value());
    QVERIFY(saved->provider.preferredMaxLatency.has_value());
    QCOMPARE(saved->provider.preferredMaxLatency->p50, std::optional<double>(3));
    QCOMPARE(saved->provider.preferredMaxLatency->p90, std::optional<double>(6));
    QVERIFY(!saved->provider.enforceDistillableText.value_or(false));

    // Static: the strategy's own fields no longer apply.
    RoutingEditorDialog again(path);
    auto *strategy = again.editor()->findChild<QComboBox *>(QStringLiteral("routingStrategy"));
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("static")));
    QVERIFY(
        !again.editor()->findChild<QComboBox *>(QStringLiteral("routingObjective"))->isEnabled());
    QCOMPARE(again.editor()->config().routing.strategy, routing::StrategyKind::Static);
    again.accept();
    QCOMPARE(routing::RoutingConfig::load(path.toStdString())->routing.strategy,
             routing::StrategyKind::Static);
}

void TestRoutingEditorPolicies::strategyFieldsAreValidated()
{
    RoutingEditor editor(baseConfig());
    QVERIFY(editor.findings().valid());
    auto *policy = editor.findChild<QComboBox *>(QStringLiteral("precisionPolicy"));
    // The acceptable precisions only apply with "fastest acceptable".
    QVERIFY(!editor.findChild<QCheckBox *>(QStringLiteral("acceptable-fp8"))->isEnabled());
    policy->setCurrentIndex(policy->findData(QStringLiteral("fastest_acceptable")));
    QVERIFY(editor.findChild<QCheckBox *>(QStringLiteral("acceptable-fp8"))->isEnabled());
    for (QCheckBox *box : editor.findChildren<QCheckBox *>()) {
        if (box->objectName().startsWith(QStringLiteral("acceptable-")))
            box->setChecked(false);
    }
    QCOMPARE(editor.findings().withRule("acceptable_precisions_empty").size(), std::size_t(1));
    QVERIFY(!editor.findings().valid());
    editor.findChild<QCheckBox *>(QStringLiteral("acceptable-bf16"))->setChecked(true);
    QVERIFY(editor.findings().withRule("acceptable_precisions_empty").empty());
    QCOMPARE(editor.findings().withRule("acceptable_precisions_without_fp8").size(),
             std::size_t(1));
    editor.findChild<QCheckBox *>(QStringLiteral("acceptable-fp8"))->setChecked(true);
    QVERIFY(editor.findings().valid());

    // A cooldown longer than the longest one (300 s by default) is an error at its path.
    QCOMPARE(editor.findChild<QDoubleSpinBox *>(QStringLiteral("maxCooldownSeconds"))->value(),
             300.0);
    editor.findChild<QDoubleSpinBox *>(QStringLiteral("cooldownSeconds"))->setValue(600);
    bool atCooldown = false;
    for (const routing::ValidationFinding &f : editor.findings().withRule("range"))
        atCooldown |= f.path == "/routing/max_cooldown_ms";
    QVERIFY(atCooldown);
    QVERIFY(!editor.findings().valid());
    editor.findChild<QDoubleSpinBox *>(QStringLiteral("maxCooldownSeconds"))->setValue(900);
    QVERIFY(editor.findings().valid());
    QCOMPARE(editor.config().routing.cooldown, std::chrono::milliseconds(600'000));
    QCOMPARE(editor.config().routing.maxCooldown, std::chrono::milliseconds(900'000));

    // The spin boxes cannot leave the ranges the validator accepts.
    auto *share = editor.findChild<QDoubleSpinBox *>(QStringLiteral("explorationShare"));
    share->setValue(80);
    QCOMPARE(share->value(), 50.0);
    QCOMPARE(editor.config().routing.explorationShare, 0.5);
    auto *latency = editor.findChild<QDoubleSpinBox *>(QStringLiteral("preferredMaxLatency"));
    latency->setValue(-2);
    QVERIFY(!editor.config().provider.preferredMaxLatency.has_value());
    QVERIFY(editor.findings().valid());
}

void TestRoutingEditorPolicies::performanceFieldsReachTheRequest()
{
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.02, .seed = 5, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    RoutingEditor editor(baseConfig());
    editor.findChild<QDoubleSpinBox *>(QStringLiteral("preferredMinThroughput"))->setValue(30);
    editor.findChild<QDoubleSpinBox *>(QStringLiteral("preferredMaxLatency"))->setValue(4.5);
    editor.findChild<QCheckBox *>(QStringLiteral("enforceDistillableText"))->setChecked(true);
    const json sent = sendOne(sim, client, editor.config());
    QVERIFY(!sent.is_null());
    const json &provider = sent.at("provider_request");
    QCOMPARE(provider.at("preferred_min_throughput").get<double>(), 30.0);
    QCOMPARE(provider.at("preferred_max_latency").get<double>(), 4.5);
    QCOMPARE(provider.at("enforce_distillable_text").get<bool>(), true);
}

void TestRoutingEditorPolicies::stagesRoundTripThroughConfigFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("routing.json"));
    routing::RoutingConfig stored = baseConfig();
    routing::StageOverride draft;
    draft.objective = routing::RoutingObjective::Cost;
    draft.minThroughput = 20;
    draft.provider = openrouter::ProviderPreferences{};
    draft.provider->order = {"novita", "deepinfra/fp8"};
    draft.provider->quantizations = {"fp8"};
    draft.provider->sort = openrouter::SortPreference{"price", ""}; // not shown: kept
    stored.stages["draft"] = draft;
    routing::StageOverride finalize;
    finalize.precisionPolicy = routing::PrecisionPolicy::FastestAcceptable;
    finalize.acceptablePrecisions = std::vector<std::string>{"fp8", "bf16"};
    finalize.degradeTo = std::vector<std::string>{"bf16"};
    stored.stages["finalize"] = finalize;
    QVERIFY(stored.save(path.toStdString()).has_value());

    RoutingEditorDialog dialog(path);
    RoutingEditor *editor = dialog.editor();
    StagePolicyEditor *stages = editor->stageEditor();
    QVERIFY(stages);
    auto combo = [editor](const char *name) {
        return editor->findChild<QComboBox *>(QLatin1String(name));
    };
    auto group = [editor](const char *name) {
        return editor->findChild<QGroupBox *>(QLatin1String(name));
    };
    auto box = [editor](const char *name) {
        return editor->findChild<QCheckBox *>(QLatin1String(name));
    };
    auto *floor = editor->findChild<QDoubleSpinBox *>(QStringLiteral("stageMinThroughput"));
    auto *order = editor->findChild<QLineEdit *>(QStringLiteral("stageProviderOrder"));
    // The list is in the pipeline's order; the first stage is shown.
    QCOMPARE(stages->stages(), (QStringList{QStringLiteral("draft"), QStringLiteral("finalize")}));
    QCOMPARE(combo("stageObjective")->currentData().toString(), QStringLiteral("cost"));
    QCOMPARE(combo("stagePrecisionPolicy")->currentData().toString(), QString()); // inherited
    QVERIFY(!group("stageAcceptable")->isChecked());
    QCOMPARE(floor->value(), 20.0);
    QCOMPARE(order->text(), QStringLiteral("novita, deepinfra/fp8"));
    QVERIFY(group("stageQuantizations")->isChecked());
    QVERIFY(box("stage-require-fp8")->isChecked() && !box("stage-require-bf16")->isChecked());
    QVERIFY(!group("stageDegrade")->isChecked());
    QVERIFY(stages->selectStage(QStringLiteral("finalize")));
    QCOMPARE(combo("stageObjective")->currentData().toString(), QString());
    QCOMPARE(combo("stagePrecisionPolicy")->currentData().toString(),
             QStringLiteral("fastest_acceptable"));
    QVERIFY(group("stageAcceptable")->isChecked());
    QVERIFY(box("stage-acceptable-fp8")->isChecked() && box("stage-acceptable-bf16")->isChecked()
            && !box("stage-acceptable-fp16")->isChecked());
    QCOMPARE(floor->value(), -1.0); // inherited
    QVERIFY(order->text().isEmpty());
    QVERIFY(group("stageDegrade")->isChecked() && box("stage-degrade-bf16")->isChecked());
    QVERIFY(editor->config().stages == stored.stages);

    // Edit both stages, add a third, save with OK and read the file back.
    QSignalSpy changed(editor, &RoutingEditor::configChanged);
    combo("stageObjective")
        ->setCurrentIndex(combo("stageObjective")->findData(QStringLiteral("balanced")));
    group("stageDegrade")->setChecked(false);
    QVERIFY(stages->selectStage(QStringLiteral("draft")));
    floor->setValue(-1);
    order->setText(QStringLiteral("Fireworks"));
    emit order->textEdited(order->text());
    QVERIFY(stages->addStage(QStringLiteral("summary")));
    QVERIFY(!stages->addStage(QStringLiteral("summary"))); // one policy per stage
    QVERIFY(!stages->addStage(QStringLiteral("polish"))); // not a pipeline stage
    QCOMPARE(stages->stages(),
             (QStringList{QStringLiteral("draft"), QStringLiteral("finalize"),
                          QStringLiteral("summary")}));
    combo("stageObjective")
        ->setCurrentIndex(combo("stageObjective")->findData(QStringLiteral("speed")));
    QVERIFY(changed.count() >= 5);
    QVERIFY(editor->findings().valid());
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    auto saved = routing::RoutingConfig::load(path.toStdString());
    QVERIFY(saved.has_value());
    QCOMPARE(saved->stages.size(), std::size_t(3));
    const routing::StageOverride &d = saved->stages.at("draft");
    QCOMPARE(d.objective, std::optional(routing::RoutingObjective::Cost));
    QVERIFY(!d.minThroughput.has_value());
    QVERIFY(d.provider.has_value());
    QCOMPARE(d.provider->order, std::vector<std::string>{"fireworks"}); // stored as a slug
    QCOMPARE(d.provider->quantizations, std::vector<std::string>{"fp8"});
    QCOMPARE(d.provider->sort->by, std::string("price"));
    const routing::StageOverride &f = saved->stages.at("finalize");
    QCOMPARE(f.objective, std::optional(routing::RoutingObjective::Balanced));
    QVERIFY(!f.degradeTo.has_value());
    QCOMPARE(f.acceptablePrecisions, (std::optional<std::vector<std::string>>{{"fp8", "bf16"}}));
    QCOMPARE(saved->stages.at("summary").objective,
             std::optional(routing::RoutingObjective::Speed));
    // What the Router gets for a summary: speed (its own) over finalize's precision policy.
    const routing::RoutingConfig summary = saved->forStage("summary");
    QCOMPARE(summary.routing.objective, routing::RoutingObjective::Speed);
    QCOMPARE(summary.routing.precisionPolicy, routing::PrecisionPolicy::FastestAcceptable);
}

void TestRoutingEditorPolicies::stagesAreAddedRemovedAndValidated()
{
    RoutingEditor editor(baseConfig());
    StagePolicyEditor *stages = editor.stageEditor();
    QVERIFY(stages->stages().isEmpty());
    auto *form = editor.findChild<QComboBox *>(QStringLiteral("stageObjective"));
    QVERIFY(!form->isEnabled()); // nothing to edit yet
    auto *chooser = editor.findChild<QComboBox *>(QStringLiteral("stageChooser"));
    QCOMPARE(chooser->count(), static_cast<int>(routing::pipelineStageNames().size()));
    // Add through the buttons: the chooser's stage, then it leaves the chooser.
    chooser->setCurrentIndex(chooser->findText(QStringLiteral("continue")));
    QSignalSpy changed(&editor, &RoutingEditor::configChanged);
    editor.findChild<QPushButton *>(QStringLiteral("addStage"))->click();
    QCOMPARE(stages->stages(), QStringList{QStringLiteral("continue")});
    QCOMPARE(chooser->findText(QStringLiteral("continue")), -1);
    QVERIFY(form->isEnabled());
    QCOMPARE(changed.count(), 1);
    QVERIFY(editor.config().stages.contains("continue"));
    QVERIFY(editor.config().stages.at("continue").empty());

    // Fastest acceptable with an own, empty list: an error at the stage's path, at once.
    auto *policy = editor.findChild<QComboBox *>(QStringLiteral("stagePrecisionPolicy"));
    policy->setCurrentIndex(policy->findData(QStringLiteral("fastest_acceptable")));
    auto *acceptable = editor.findChild<QGroupBox *>(QStringLiteral("stageAcceptable"));
    acceptable->setChecked(true);
    QCOMPARE(editor.findings().withRule("acceptable_precisions_empty").size(), std::size_t(1));
    QCOMPARE(editor.findings().withRule("acceptable_precisions_empty").front().path,
             std::string("/stages/continue/acceptable_precisions"));
    QVERIFY(!editor.findings().valid());
    editor.findChild<QCheckBox *>(QStringLiteral("stage-acceptable-bf16"))->setChecked(true);
    QCOMPARE(editor.findings().withRule("acceptable_precisions_without_fp8").size(),
             std::size_t(1));
    editor.findChild<QCheckBox *>(QStringLiteral("stage-acceptable-fp8"))->setChecked(true);
    QVERIFY(editor.findings().valid());
    QCOMPARE(editor.config().stages.at("continue").acceptablePrecisions,
             (std::optional<std::vector<std::string>>{{"fp8", "bf16"}}));

    // A stage's routing fields are unused with the static strategy: noted, not an error.
    auto *strategy = editor.findChild<QComboBox *>(QStringLiteral("routingStrategy"));
    strategy->setCurrentIndex(strategy->findData(QStringLiteral("static")));
    QCOMPARE(editor.findings().withRule("stage_routing_unused").size(), std::size_t(1));
    QVERIFY(editor.findings().valid());

    // Remove it: gone from the config, back in the chooser, the form disabled again.
    editor.findChild<QPushButton *>(QStringLiteral("removeStage"))->click();
    QVERIFY(stages->stages().isEmpty());
    QVERIFY(editor.config().stages.empty());
    QVERIFY(chooser->findText(QStringLiteral("continue")) >= 0);
    QVERIFY(!form->isEnabled());
    QVERIFY(editor.findings().withRule("stage_routing_unused").empty());
    QVERIFY(!stages->removeStage(QStringLiteral("continue")));
}

void TestRoutingEditorPolicies::stageProviderReachesTheRequest()
{
    // The stage's provider fields reach a request of that stage once the Router applies
    // RoutingConfig::forStage(); here the config the Router would get for "draft".
    sim::SimServer sim(sim::SimOptions{
        .market = "default", .timeScale = 0.02, .seed = 5, .truthLogPath = {}, .port = 0});
    QVERIFY(sim.start().has_value());
    net::HttpClient client;
    RoutingEditor editor(baseConfig());
    QVERIFY(editor.stageEditor()->addStage(QStringLiteral("draft")));
    auto *order = editor.findChild<QLineEdit *>(QStringLiteral("stageProviderOrder"));
    order->setText(QStringLiteral("together, deepinfra"));
    emit order->textEdited(order->text());
    const json drafted = sendOne(sim, client, editor.config().forStage("draft"));
    QVERIFY(!drafted.is_null());
    QCOMPARE(orderOf(drafted), (std::vector<std::string>{"together", "deepinfra"}));
    const json outlined = sendOne(sim, client, editor.config().forStage("outline"));
    QCOMPARE(orderOf(outlined), (std::vector<std::string>{"deepinfra", "together", "fireworks"}));
}

QTEST_MAIN(TestRoutingEditorPolicies)
#include "test_routing_editor_policies.moc"
