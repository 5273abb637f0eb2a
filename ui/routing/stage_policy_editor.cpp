#include "ui/routing/stage_policy_editor.h"

#include "routing/routing_config_providers.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

const QStringList kPrecisions{QStringLiteral("fp8"),  QStringLiteral("fp16"),
                              QStringLiteral("bf16"), QStringLiteral("int8"),
                              QStringLiteral("int4"), QStringLiteral("fp4")};

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

/// A row of precision boxes named `prefix` + precision, each calling `edited` when toggled.
QHBoxLayout *precisionRow(QWidget *parent, const QString &prefix, QList<QCheckBox *> &boxes,
                          StagePolicyEditor *editor, void (StagePolicyEditor::*edited)())
{
    auto *row = new QHBoxLayout(parent);
    for (const QString &p : kPrecisions) {
        auto *box = new QCheckBox(p, parent);
        box->setObjectName(prefix + p);
        boxes << box;
        row->addWidget(box);
        QObject::connect(box, &QCheckBox::toggled, editor, edited);
    }
    row->addStretch();
    return row;
}

void check(const QList<QCheckBox *> &boxes, const std::vector<std::string> &values)
{
    for (QCheckBox *box : boxes)
        box->setChecked(std::ranges::find(values, box->text().toStdString()) != values.end());
}

/// The ticked boxes in their order, then the values of `kept` that have no box.
std::vector<std::string> checked(const QList<QCheckBox *> &boxes,
                                 const std::vector<std::string> &kept)
{
    std::vector<std::string> out;
    for (const QCheckBox *box : boxes) {
        if (box->isChecked())
            out.push_back(box->text().toStdString());
    }
    for (const std::string &value : kept) {
        if (!kPrecisions.contains(QString::fromStdString(value)))
            out.push_back(value);
    }
    return out;
}

void selectData(QComboBox *combo, const QString &data)
{
    combo->setCurrentIndex(std::max(0, combo->findData(data)));
}

} // namespace

StagePolicyEditor::StagePolicyEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("stagePolicyEditor"));
    buildUi();
    fillList({});
}

QString StagePolicyEditor::describe(const QString &stage)
{
    static const std::map<QString, const char *> kDescriptions = {
        {QStringLiteral("bible"), QT_TR_NOOP("Writing the story bible")},
        {QStringLiteral("outline"), QT_TR_NOOP("Outlining chapters")},
        {QStringLiteral("draft"), QT_TR_NOOP("Drafting a chapter (continuations follow it)")},
        {QStringLiteral("continue"), QT_TR_NOOP("Continuing a draft that stopped short")},
        {QStringLiteral("finalize"),
         QT_TR_NOOP("Finalizing: summary, story so far and character states together")},
        {QStringLiteral("summary"), QT_TR_NOOP("The chapter summary")},
        {QStringLiteral("global_summary"), QT_TR_NOOP("The story so far")},
        {QStringLiteral("character_states"), QT_TR_NOOP("The character state sheet")},
        {QStringLiteral("rewrite"), QT_TR_NOOP("Rewriting a selection (Generate dock)")},
        {QStringLiteral("expand"), QT_TR_NOOP("Expanding a selection (Generate dock)")},
        {QStringLiteral("beat"), QT_TR_NOOP("Drafting one scene beat at the cursor")},
    };
    const auto it = kDescriptions.find(stage);
    return it != kDescriptions.end() ? tr(it->second) : QString();
}

void StagePolicyEditor::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *intro = new QLabel(tr("A stage's settings replace the ones for all stages in its "
                                "generations; unset fields are inherited."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *top = new QHBoxLayout;
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("stageList"));
    m_list->setMaximumWidth(180);
    top->addWidget(m_list);
    auto *buttons = new QVBoxLayout;
    m_chooser = new QComboBox(this);
    m_chooser->setObjectName(QStringLiteral("stageChooser"));
    m_add = new QPushButton(tr("Add Stage"), this);
    m_add->setObjectName(QStringLiteral("addStage"));
    m_remove = new QPushButton(tr("Remove Stage"), this);
    m_remove->setObjectName(QStringLiteral("removeStage"));
    buttons->addWidget(m_chooser);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    top->addLayout(buttons);
    layout->addLayout(top);
    connect(m_add, &QPushButton::clicked, this, [this] { addStage(m_chooser->currentText()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeStage(current()); });
    connect(m_list, &QListWidget::currentRowChanged, this, &StagePolicyEditor::showStage);

    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    layout->addWidget(m_description);

    m_form = new QWidget(this);
    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    m_objective = new QComboBox(m_form);
    m_objective->setObjectName(QStringLiteral("stageObjective"));
    m_objective->addItem(tr("(inherited)"), QString());
    m_objective->addItem(tr("Speed"), q(routing::objectiveName(routing::RoutingObjective::Speed)));
    m_objective->addItem(tr("Cost"), q(routing::objectiveName(routing::RoutingObjective::Cost)));
    m_objective->addItem(tr("Balanced"),
                         q(routing::objectiveName(routing::RoutingObjective::Balanced)));
    form->addRow(tr("Objective:"), m_objective);

    m_precisionPolicy = new QComboBox(m_form);
    m_precisionPolicy->setObjectName(QStringLiteral("stagePrecisionPolicy"));
    m_precisionPolicy->addItem(tr("(inherited)"), QString());
    m_precisionPolicy->addItem(tr("fp8 first"),
                               q(routing::precisionPolicyName(routing::PrecisionPolicy::Fp8First)));
    m_precisionPolicy->addItem(
        tr("Fastest acceptable"),
        q(routing::precisionPolicyName(routing::PrecisionPolicy::FastestAcceptable)));
    form->addRow(tr("Precision:"), m_precisionPolicy);

    m_acceptableBox = new QGroupBox(tr("Own acceptable precisions"), m_form);
    m_acceptableBox->setObjectName(QStringLiteral("stageAcceptable"));
    m_acceptableBox->setCheckable(true);
    precisionRow(m_acceptableBox, QStringLiteral("stage-acceptable-"), m_acceptable, this,
                 &StagePolicyEditor::formEdited);
    form->addRow(m_acceptableBox);

    m_minThroughput = new QDoubleSpinBox(m_form);
    m_minThroughput->setObjectName(QStringLiteral("stageMinThroughput"));
    m_minThroughput->setRange(-1, 10000);
    m_minThroughput->setDecimals(1);
    m_minThroughput->setSuffix(tr(" tok/s"));
    m_minThroughput->setSpecialValueText(tr("(inherited)"));
    m_minThroughput->setToolTip(tr("With the cost objective, endpoints expected slower than this "
                                   "come after every endpoint that meets it; 0 = no floor"));
    form->addRow(tr("Speed floor (cost):"), m_minThroughput);

    m_order = new QLineEdit(m_form);
    m_order->setObjectName(QStringLiteral("stageProviderOrder"));
    m_order->setPlaceholderText(tr("(inherited) e.g. novita, deepinfra/fp8"));
    m_order->setToolTip(tr("Providers or endpoint tags in order, separated by commas"));
    form->addRow(tr("Provider order:"), m_order);

    m_requireBox = new QGroupBox(tr("Own required precisions"), m_form);
    m_requireBox->setObjectName(QStringLiteral("stageQuantizations"));
    m_requireBox->setCheckable(true);
    precisionRow(m_requireBox, QStringLiteral("stage-require-"), m_require, this,
                 &StagePolicyEditor::formEdited);
    form->addRow(m_requireBox);

    m_degradeBox = new QGroupBox(tr("Own degrade-to precisions"), m_form);
    m_degradeBox->setObjectName(QStringLiteral("stageDegrade"));
    m_degradeBox->setCheckable(true);
    precisionRow(m_degradeBox, QStringLiteral("stage-degrade-"), m_degrade, this,
                 &StagePolicyEditor::formEdited);
    form->addRow(m_degradeBox);
    layout->addWidget(m_form);
    layout->addStretch();

    for (QComboBox *combo : {m_objective, m_precisionPolicy})
        connect(combo, &QComboBox::currentIndexChanged, this, &StagePolicyEditor::formEdited);
    for (QGroupBox *box : {m_acceptableBox, m_requireBox, m_degradeBox})
        connect(box, &QGroupBox::toggled, this, &StagePolicyEditor::formEdited);
    connect(m_minThroughput, &QDoubleSpinBox::valueChanged, this, &StagePolicyEditor::formEdited);
    connect(m_order, &QLineEdit::textEdited, this, &StagePolicyEditor::formEdited);
}

void StagePolicyEditor::load(const routing::RoutingConfig &config)
{
    m_stages = config.stages;
    fillList({});
}

void StagePolicyEditor::apply(routing::RoutingConfig &config) const
{
    config.stages = m_stages;
}

bool StagePolicyEditor::addStage(const QString &stage)
{
    const std::string name = stage.toStdString();
    if (!routing::isPipelineStage(name) || m_stages.contains(name))
        return false;
    m_stages.emplace(name, routing::StageOverride{});
    fillList(stage);
    emit edited();
    return true;
}

bool StagePolicyEditor::removeStage(const QString &stage)
{
    if (m_stages.erase(stage.toStdString()) == 0)
        return false;
    fillList({});
    emit edited();
    return true;
}

bool StagePolicyEditor::selectStage(const QString &stage)
{
    const QList<QListWidgetItem *> items = m_list->findItems(stage, Qt::MatchExactly);
    if (items.isEmpty())
        return false;
    m_list->setCurrentItem(items.front());
    return true;
}

QStringList StagePolicyEditor::stages() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

QString StagePolicyEditor::current() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->text() : QString();
}

void StagePolicyEditor::fillList(const QString &select)
{
    m_loading = true;
    m_list->clear();
    // In the pipeline's order, not alphabetically.
    for (std::string_view name : routing::pipelineStageNames()) {
        if (!m_stages.contains(std::string(name)))
            continue;
        auto *item = new QListWidgetItem(q(name), m_list);
        item->setToolTip(describe(q(name)));
    }
    const QList<QListWidgetItem *> wanted = m_list->findItems(select, Qt::MatchExactly);
    m_list->setCurrentRow(wanted.isEmpty() ? (m_list->count() > 0 ? 0 : -1)
                                           : m_list->row(wanted.front()));
    m_loading = false;
    fillChooser();
    showStage();
}

void StagePolicyEditor::fillChooser()
{
    m_chooser->clear();
    for (std::string_view name : routing::pipelineStageNames()) {
        if (m_stages.contains(std::string(name)))
            continue;
        m_chooser->addItem(q(name));
        m_chooser->setItemData(m_chooser->count() - 1, describe(q(name)), Qt::ToolTipRole);
    }
    m_add->setEnabled(m_chooser->count() > 0);
}

void StagePolicyEditor::showStage()
{
    if (m_loading)
        return;
    m_loading = true;
    const QString name = current();
    const auto it = m_stages.find(name.toStdString());
    const bool shown = it != m_stages.end();
    m_form->setEnabled(shown);
    m_remove->setEnabled(shown);
    m_description->setText(shown ? describe(name) : tr("No stage has its own settings."));
    const routing::StageOverride stage = shown ? it->second : routing::StageOverride{};
    selectData(m_objective,
               stage.objective ? q(routing::objectiveName(*stage.objective)) : QString());
    selectData(m_precisionPolicy,
               stage.precisionPolicy ? q(routing::precisionPolicyName(*stage.precisionPolicy))
                                     : QString());
    m_acceptableBox->setChecked(stage.acceptablePrecisions.has_value());
    check(m_acceptable, stage.acceptablePrecisions.value_or(std::vector<std::string>{}));
    m_minThroughput->setValue(stage.minThroughput.value_or(-1));
    const openrouter::ProviderPreferences provider
        = stage.provider.value_or(openrouter::ProviderPreferences{});
    QStringList order;
    for (const std::string &slug : provider.order)
        order << QString::fromStdString(slug);
    m_order->setText(order.join(QStringLiteral(", ")));
    m_requireBox->setChecked(!provider.quantizations.empty());
    check(m_require, provider.quantizations);
    m_degradeBox->setChecked(stage.degradeTo.has_value());
    check(m_degrade, stage.degradeTo.value_or(std::vector<std::string>{}));
    m_loading = false;
}

void StagePolicyEditor::formEdited()
{
    if (m_loading)
        return;
    const auto it = m_stages.find(current().toStdString());
    if (it == m_stages.end())
        return;
    routing::StageOverride &stage = it->second;
    const routing::StageOverride before = stage;
    stage.objective
        = routing::objectiveFromName(m_objective->currentData().toString().toStdString());
    stage.precisionPolicy = routing::precisionPolicyFromName(
        m_precisionPolicy->currentData().toString().toStdString());
    stage.acceptablePrecisions = m_acceptableBox->isChecked()
        ? std::optional(
            checked(m_acceptable, before.acceptablePrecisions.value_or(std::vector<std::string>{})))
        : std::nullopt;
    stage.minThroughput
        = m_minThroughput->value() >= 0 ? std::optional(m_minThroughput->value()) : std::nullopt;

    // Only the order and the precisions are shown; the stage's other provider fields stay.
    openrouter::ProviderPreferences provider
        = before.provider.value_or(openrouter::ProviderPreferences{});
    const routing::ProviderNames names;
    provider.order.clear();
    for (const QString &entry : m_order->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (const QString trimmed = entry.trimmed(); !trimmed.isEmpty())
            provider.order.push_back(names.slugFor(trimmed.toStdString()));
    }
    provider.quantizations = m_requireBox->isChecked() ? checked(m_require, provider.quantizations)
                                                       : std::vector<std::string>{};
    stage.provider
        = provider == openrouter::ProviderPreferences{} ? std::nullopt : std::optional(provider);
    stage.degradeTo = m_degradeBox->isChecked()
        ? std::optional(checked(m_degrade, before.degradeTo.value_or(std::vector<std::string>{})))
        : std::nullopt;
    emit edited();
}

} // namespace scriptorium::ui
