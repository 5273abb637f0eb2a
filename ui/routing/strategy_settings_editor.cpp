#include "ui/routing/strategy_settings_editor.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

const QStringList kAcceptablePrecisions{QStringLiteral("fp8"),  QStringLiteral("fp16"),
                                        QStringLiteral("bf16"), QStringLiteral("fp4"),
                                        QStringLiteral("int8"), QStringLiteral("int4")};

/// `base` with its p50 replaced by `value` (0: none); the other percentiles are kept.
std::optional<openrouter::PerformanceThreshold>
withP50(const std::optional<openrouter::PerformanceThreshold> &base, double value)
{
    openrouter::PerformanceThreshold threshold = base.value_or(openrouter::PerformanceThreshold{});
    if (!base)
        threshold.plain = true; // a new threshold is written as a plain number
    threshold.p50 = value > 0 ? std::optional(value) : std::nullopt;
    if (threshold.empty())
        return std::nullopt;
    return threshold;
}

void selectData(QComboBox *combo, const QString &data)
{
    combo->setCurrentIndex(std::max(0, combo->findData(data)));
}

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

StrategySettingsEditor::StrategySettingsEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("strategySettingsEditor"));
    buildUi();
    load(routing::RoutingConfig::defaults());
}

void StrategySettingsEditor::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *strategyBox = new QGroupBox(tr("Provider order per request"), this);
    auto *form = new QFormLayout(strategyBox);

    m_strategy = new QComboBox(strategyBox);
    m_strategy->setObjectName(QStringLiteral("routingStrategy"));
    m_strategy->addItem(tr("Adaptive (ranked from measurements)"),
                        q(routing::strategyKindName(routing::StrategyKind::Adaptive)));
    m_strategy->addItem(tr("Static (the order above)"),
                        q(routing::strategyKindName(routing::StrategyKind::Static)));
    form->addRow(tr("Strategy:"), m_strategy);

    m_objective = new QComboBox(strategyBox);
    m_objective->setObjectName(QStringLiteral("routingObjective"));
    m_objective->addItem(tr("Speed"), q(routing::objectiveName(routing::RoutingObjective::Speed)));
    m_objective->addItem(tr("Cost"), q(routing::objectiveName(routing::RoutingObjective::Cost)));
    m_objective->addItem(tr("Balanced"),
                         q(routing::objectiveName(routing::RoutingObjective::Balanced)));
    form->addRow(tr("Objective:"), m_objective);

    m_exploration = new QDoubleSpinBox(strategyBox);
    m_exploration->setObjectName(QStringLiteral("explorationShare"));
    m_exploration->setRange(0, 50);
    m_exploration->setDecimals(1);
    m_exploration->setSuffix(tr(" %"));
    m_exploration->setToolTip(
        tr("Share of requests that try an endpoint with few measurements first"));
    form->addRow(tr("Exploration:"), m_exploration);

    auto *cooldownRow = new QHBoxLayout;
    m_cooldownFailures = new QSpinBox(strategyBox);
    m_cooldownFailures->setObjectName(QStringLiteral("cooldownFailures"));
    m_cooldownFailures->setRange(1, 20);
    m_cooldownFailures->setSuffix(tr(" failures"));
    m_cooldown = new QDoubleSpinBox(strategyBox);
    m_cooldown->setObjectName(QStringLiteral("cooldownSeconds"));
    m_maxCooldown = new QDoubleSpinBox(strategyBox);
    m_maxCooldown->setObjectName(QStringLiteral("maxCooldownSeconds"));
    m_maxCooldown->setToolTip(tr("Each failed probe doubles the cooldown, up to this"));
    // Independent ranges: the validator says when the first exceeds the longest.
    for (QDoubleSpinBox *box : {m_cooldown, m_maxCooldown}) {
        box->setRange(0, 3600);
        box->setDecimals(1);
        box->setSuffix(tr(" s"));
    }
    cooldownRow->addWidget(m_cooldownFailures);
    cooldownRow->addWidget(new QLabel(tr("for"), strategyBox));
    cooldownRow->addWidget(m_cooldown, 1);
    cooldownRow->addWidget(new QLabel(tr("up to"), strategyBox));
    cooldownRow->addWidget(m_maxCooldown, 1);
    form->addRow(tr("Cool down after:"), cooldownRow);

    m_precisionPolicy = new QComboBox(strategyBox);
    m_precisionPolicy->setObjectName(QStringLiteral("precisionPolicy"));
    m_precisionPolicy->addItem(tr("fp8 first"),
                               q(routing::precisionPolicyName(routing::PrecisionPolicy::Fp8First)));
    m_precisionPolicy->addItem(
        tr("Fastest acceptable"),
        q(routing::precisionPolicyName(routing::PrecisionPolicy::FastestAcceptable)));
    form->addRow(tr("Precision:"), m_precisionPolicy);
    auto *acceptableRow = new QHBoxLayout;
    for (const QString &precision : kAcceptablePrecisions) {
        auto *box = new QCheckBox(precision, strategyBox);
        box->setObjectName(QStringLiteral("acceptable-") + precision);
        m_acceptable << box;
        acceptableRow->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &StrategySettingsEditor::fieldEdited);
    }
    acceptableRow->addStretch();
    form->addRow(tr("Acceptable precisions:"), acceptableRow);

    m_speedFloor = new QDoubleSpinBox(strategyBox);
    m_speedFloor->setObjectName(QStringLiteral("speedFloor"));
    m_speedFloor->setRange(0, 10000);
    m_speedFloor->setDecimals(1);
    m_speedFloor->setSuffix(tr(" tok/s"));
    m_speedFloor->setSpecialValueText(tr("the preferred min throughput"));
    m_speedFloor->setToolTip(tr("With the cost objective, endpoints expected slower than this "
                                "come after every endpoint that meets it"));
    form->addRow(tr("Speed floor (cost):"), m_speedFloor);
    layout->addWidget(strategyBox);

    auto *providerBox = new QGroupBox(tr("Sent to OpenRouter"), this);
    auto *providerForm = new QFormLayout(providerBox);
    m_minThroughput = new QDoubleSpinBox(providerBox);
    m_minThroughput->setObjectName(QStringLiteral("preferredMinThroughput"));
    m_minThroughput->setRange(0, 10000);
    m_minThroughput->setDecimals(1);
    m_minThroughput->setSuffix(tr(" tok/s"));
    m_maxLatency = new QDoubleSpinBox(providerBox);
    m_maxLatency->setObjectName(QStringLiteral("preferredMaxLatency"));
    m_maxLatency->setRange(0, 600);
    m_maxLatency->setDecimals(2);
    m_maxLatency->setSuffix(tr(" s"));
    for (QDoubleSpinBox *box : {m_minThroughput, m_maxLatency}) {
        box->setSpecialValueText(tr("not set"));
        box->setToolTip(tr("The median (p50) OpenRouter should prefer; other percentiles in "
                           "the file are kept"));
    }
    m_distillable
        = new QCheckBox(tr("Only if the model's author allows distilling its output"), providerBox);
    m_distillable->setObjectName(QStringLiteral("enforceDistillableText"));
    providerForm->addRow(tr("Preferred min throughput:"), m_minThroughput);
    providerForm->addRow(tr("Preferred max latency:"), m_maxLatency);
    providerForm->addRow(QString(), m_distillable);
    layout->addWidget(providerBox);
    layout->addStretch();

    for (QComboBox *combo : {m_strategy, m_objective, m_precisionPolicy})
        connect(combo, &QComboBox::currentIndexChanged, this, &StrategySettingsEditor::fieldEdited);
    for (QDoubleSpinBox *box :
         {m_exploration, m_cooldown, m_maxCooldown, m_speedFloor, m_minThroughput, m_maxLatency})
        connect(box, &QDoubleSpinBox::valueChanged, this, &StrategySettingsEditor::fieldEdited);
    connect(m_cooldownFailures, &QSpinBox::valueChanged, this,
            &StrategySettingsEditor::fieldEdited);
    connect(m_distillable, &QCheckBox::toggled, this, &StrategySettingsEditor::fieldEdited);
}

void StrategySettingsEditor::load(const routing::RoutingConfig &config)
{
    m_loading = true;
    m_base = config;
    const routing::StrategySettings &s = config.routing;
    selectData(m_strategy, q(routing::strategyKindName(s.strategy)));
    selectData(m_objective, q(routing::objectiveName(s.objective)));
    m_exploration->setValue(s.explorationShare * 100);
    m_cooldownFailures->setValue(s.cooldownFailures);
    m_cooldown->setValue(std::chrono::duration<double>(s.cooldown).count());
    m_maxCooldown->setValue(std::chrono::duration<double>(s.maxCooldown).count());
    selectData(m_precisionPolicy, q(routing::precisionPolicyName(s.precisionPolicy)));
    for (QCheckBox *box : std::as_const(m_acceptable))
        box->setChecked(std::ranges::find(s.acceptablePrecisions, box->text().toStdString())
                        != s.acceptablePrecisions.end());
    m_speedFloor->setValue(s.minThroughput.value_or(0));
    const openrouter::ProviderPreferences &p = config.provider;
    m_minThroughput->setValue(p.preferredMinThroughput ? p.preferredMinThroughput->p50.value_or(0)
                                                       : 0);
    m_maxLatency->setValue(p.preferredMaxLatency ? p.preferredMaxLatency->p50.value_or(0) : 0);
    m_distillable->setChecked(p.enforceDistillableText.value_or(false));
    m_loading = false;
    updateEnabled();
}

void StrategySettingsEditor::apply(routing::RoutingConfig &config) const
{
    routing::StrategySettings &s = config.routing;
    s = m_base.routing;
    s.strategy = routing::strategyKindFromName(m_strategy->currentData().toString().toStdString())
                     .value_or(s.strategy);
    s.objective = routing::objectiveFromName(m_objective->currentData().toString().toStdString())
                      .value_or(s.objective);
    s.explorationShare = m_exploration->value() / 100;
    s.cooldownFailures = m_cooldownFailures->value();
    s.cooldown = std::chrono::milliseconds(std::llround(m_cooldown->value() * 1000));
    s.maxCooldown = std::chrono::milliseconds(std::llround(m_maxCooldown->value() * 1000));
    s.precisionPolicy = routing::precisionPolicyFromName(
                            m_precisionPolicy->currentData().toString().toStdString())
                            .value_or(s.precisionPolicy);
    // The boxes in their order, then precisions the file lists that have no box.
    std::vector<std::string> acceptable;
    for (const QCheckBox *box : m_acceptable) {
        if (box->isChecked())
            acceptable.push_back(box->text().toStdString());
    }
    for (const std::string &p : m_base.routing.acceptablePrecisions) {
        if (!kAcceptablePrecisions.contains(QString::fromStdString(p)))
            acceptable.push_back(p);
    }
    s.acceptablePrecisions = std::move(acceptable);
    s.minThroughput
        = m_speedFloor->value() > 0 ? std::optional(m_speedFloor->value()) : std::nullopt;

    openrouter::ProviderPreferences &p = config.provider;
    p.preferredMinThroughput
        = withP50(m_base.provider.preferredMinThroughput, m_minThroughput->value());
    p.preferredMaxLatency = withP50(m_base.provider.preferredMaxLatency, m_maxLatency->value());
    // Unchecked keeps an explicit `false` from the file; otherwise the field is left out.
    if (m_distillable->isChecked())
        p.enforceDistillableText = true;
    else
        p.enforceDistillableText
            = m_base.provider.enforceDistillableText == false ? std::optional(false) : std::nullopt;
}

void StrategySettingsEditor::updateEnabled()
{
    const bool adaptive = m_strategy->currentData().toString()
        == q(routing::strategyKindName(routing::StrategyKind::Adaptive));
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_objective, m_exploration, m_cooldownFailures,
                                          m_cooldown, m_maxCooldown, m_precisionPolicy})
        w->setEnabled(adaptive);
    const bool fastest = m_precisionPolicy->currentData().toString()
        == q(routing::precisionPolicyName(routing::PrecisionPolicy::FastestAcceptable));
    for (QCheckBox *box : std::as_const(m_acceptable))
        box->setEnabled(adaptive && fastest);
    m_speedFloor->setEnabled(adaptive
                             && m_objective->currentData().toString()
                                 == q(routing::objectiveName(routing::RoutingObjective::Cost)));
}

void StrategySettingsEditor::fieldEdited()
{
    if (m_loading)
        return;
    updateEnabled();
    emit edited();
}

} // namespace scriptorium::ui
