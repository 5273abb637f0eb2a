#include "ui/routing/routing_editor.h"

#include "ui/error_messages.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/stage_policy_editor.h"
#include "ui/routing/strategy_settings_editor.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace scriptorium::ui {

namespace {

/// A warning box whose text is the translated sentence and whose details are core's words.
void warnAbout(QWidget *parent, const QString &title, const QString &text, const Error &error)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
    box.setDetailedText(errorDetail(error));
    box.exec();
}

const QStringList kPrecisions{QStringLiteral("fp8"),  QStringLiteral("fp16"),
                              QStringLiteral("bf16"), QStringLiteral("int8"),
                              QStringLiteral("int4"), QStringLiteral("fp4")};

QTableWidgetItem *cell(const QString &text, const QVariant &sortValue = {})
{
    auto *item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sortValue.isValid()) {
        item->setData(Qt::DisplayRole, sortValue);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    } else {
        item->setText(text);
    }
    return item;
}

} // namespace

RoutingEditor::RoutingEditor(const routing::RoutingConfig &config, QWidget *parent)
    : QWidget(parent)
    , m_base(config)
    , m_onlineTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("routingEditor"));
    m_onlineTimer->setSingleShot(true);
    m_onlineTimer->setInterval(500);
    connect(m_onlineTimer, &QTimer::timeout, this, [this] {
        if (!m_online)
            return;
        auto *watcher = new QFutureWatcher<routing::ValidationReport>(this);
        connect(watcher, &QFutureWatcher<routing::ValidationReport>::finished, this,
                [this, watcher] {
                    watcher->deleteLater();
                    m_onlineFindings = watcher->result();
                    validate();
                });
        watcher->setFuture(QtConcurrent::run(m_online, this->config()));
    });
    buildUi();
    setConfig(config);
}

void RoutingEditor::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("routingModel"));
    m_model->setEditable(true);
    m_model->setMinimumContentsLength(32);
    auto *reload = new QPushButton(tr("Load Endpoints"), this);
    top->addWidget(new QLabel(tr("Model:"), this));
    top->addWidget(m_model, 1);
    top->addWidget(reload);
    layout->addLayout(top);
    connect(reload, &QPushButton::clicked, this, &RoutingEditor::reloadEndpoints);
    connect(m_model, &QComboBox::activated, this, &RoutingEditor::reloadEndpoints);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_endpoints = new QTableWidget(0, 7, split);
    m_endpoints->setObjectName(QStringLiteral("endpointTable"));
    m_endpoints->setHorizontalHeaderLabels({tr("Provider"), tr("Tag"), tr("Precision"),
                                            tr("Prompt USD/M"), tr("Completion USD/M"),
                                            tr("Context"), tr("Status")});
    m_endpoints->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_endpoints->verticalHeader()->hide();
    m_endpoints->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_endpoints->setSortingEnabled(true);
    m_endpoints->setToolTip(tr("Double-click an endpoint to add its provider to the order"));
    connect(m_endpoints, &QTableWidget::cellDoubleClicked, this,
            [this](int row, int) { addEndpointToOrder(row); });

    auto *orderBox = new QGroupBox(tr("Provider order (drag to reorder)"), split);
    auto *orderLayout = new QVBoxLayout(orderBox);
    m_order = new QListWidget(orderBox);
    m_order->setObjectName(QStringLiteral("providerOrder"));
    m_order->setDragDropMode(QAbstractItemView::InternalMove);
    m_order->setDefaultDropAction(Qt::MoveAction);
    connect(m_order->model(), &QAbstractItemModel::rowsMoved, this, &RoutingEditor::edited);
    // A drag between views (or Qt's own drop handling) arrives as insert + remove: re-check
    // once the drop has finished.
    connect(m_order->model(), &QAbstractItemModel::rowsRemoved, this, &RoutingEditor::edited,
            Qt::QueuedConnection);
    auto *orderButtons = new QHBoxLayout;
    auto *up = new QPushButton(tr("Up"), orderBox);
    auto *down = new QPushButton(tr("Down"), orderBox);
    auto *remove = new QPushButton(tr("Remove"), orderBox);
    orderButtons->addWidget(up);
    orderButtons->addWidget(down);
    orderButtons->addWidget(remove);
    orderLayout->addWidget(m_order);
    orderLayout->addLayout(orderButtons);
    connect(up, &QPushButton::clicked, this, [this] {
        const int row = m_order->currentRow();
        if (row > 0)
            moveProvider(row, row - 1);
    });
    connect(down, &QPushButton::clicked, this, [this] {
        const int row = m_order->currentRow();
        if (row >= 0 && row + 1 < m_order->count())
            moveProvider(row, row + 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        delete m_order->takeItem(m_order->currentRow());
        edited();
    });
    layout->addWidget(split, 1);

    auto *form = new QFormLayout;
    m_allowFallbacks = new QCheckBox(tr("Allow other providers when these cannot serve"), this);
    m_sort = new QComboBox(this);
    m_sort->addItem(tr("(OpenRouter's default)"), QString());
    m_sort->addItem(tr("Throughput"), QStringLiteral("throughput"));
    m_sort->addItem(tr("Price"), QStringLiteral("price"));
    m_sort->addItem(tr("Latency"), QStringLiteral("latency"));
    auto precisionRow = [this](QList<QCheckBox *> &boxes) {
        auto *row = new QHBoxLayout;
        for (const QString &p : kPrecisions) {
            auto *box = new QCheckBox(p, this);
            box->setObjectName(p);
            boxes << box;
            row->addWidget(box);
            connect(box, &QCheckBox::toggled, this, &RoutingEditor::edited);
        }
        row->addStretch();
        return row;
    };
    m_maxPrompt = new QDoubleSpinBox(this);
    m_maxCompletion = new QDoubleSpinBox(this);
    m_maxPrompt->setObjectName(QStringLiteral("maxPromptPrice"));
    m_maxCompletion->setObjectName(QStringLiteral("maxCompletionPrice"));
    for (QDoubleSpinBox *box : {m_maxPrompt, m_maxCompletion}) {
        box->setRange(0, 1000);
        box->setDecimals(3);
        box->setSuffix(tr(" USD/M"));
        box->setSpecialValueText(tr("no limit"));
        connect(box, &QDoubleSpinBox::valueChanged, this, &RoutingEditor::edited);
    }
    form->addRow(QString(), m_allowFallbacks);
    form->addRow(tr("Sort:"), m_sort);
    form->addRow(tr("Require precision:"), precisionRow(m_require));
    form->addRow(tr("Then degrade to:"), precisionRow(m_degrade));
    form->addRow(tr("Max prompt price:"), m_maxPrompt);
    form->addRow(tr("Max completion price:"), m_maxCompletion);
    // The provider object's fields on the left, how each request orders it on the right: for
    // every stage, and per pipeline stage.
    auto *settings = new QHBoxLayout;
    settings->addLayout(form, 1);
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("routingTabs"));
    m_strategy = new StrategySettingsEditor(tabs);
    m_stages = new StagePolicyEditor(tabs);
    tabs->addTab(m_strategy, tr("All Stages"));
    tabs->addTab(m_stages, tr("Stages"));
    settings->addWidget(tabs, 1);
    layout->addLayout(settings);
    connect(m_strategy, &StrategySettingsEditor::edited, this, &RoutingEditor::edited);
    connect(m_stages, &StagePolicyEditor::edited, this, &RoutingEditor::edited);
    connect(m_allowFallbacks, &QCheckBox::toggled, this, &RoutingEditor::edited);
    connect(m_sort, &QComboBox::activated, this, &RoutingEditor::edited);

    layout->addWidget(new QLabel(tr("Findings:"), this));
    m_findingList = new QListWidget(this);
    m_findingList->setObjectName(QStringLiteral("findings"));
    m_findingList->setWordWrap(true);
    m_findingList->setMaximumHeight(150);
    layout->addWidget(m_findingList);

    auto *presets = new QHBoxLayout;
    m_presetChooser = new QComboBox(this);
    m_presetChooser->setObjectName(QStringLiteral("presetChooser"));
    auto *loadButton = new QPushButton(tr("Use Preset"), this);
    auto *saveButton = new QPushButton(tr("Save as Preset…"), this);
    presets->addWidget(new QLabel(tr("Presets:"), this));
    presets->addWidget(m_presetChooser, 1);
    presets->addWidget(loadButton);
    presets->addWidget(saveButton);
    layout->addLayout(presets);
    connect(loadButton, &QPushButton::clicked, this,
            [this] { loadPreset(m_presetChooser->currentText()); });
    connect(saveButton, &QPushButton::clicked, this, &RoutingEditor::savePreset);
}

void RoutingEditor::setEndpointLoader(EndpointLoader loader)
{
    m_loader = std::move(loader);
}

void RoutingEditor::setOnlineValidator(OnlineValidator validator)
{
    m_online = std::move(validator);
    m_onlineTimer->start();
}

void RoutingEditor::setPresets(RoutingPresets *presets)
{
    m_presets = presets;
    m_presetChooser->clear();
    if (m_presets)
        m_presetChooser->addItems(m_presets->names());
}

void RoutingEditor::setConfig(const routing::RoutingConfig &config)
{
    m_loading = true;
    m_base = config;
    const openrouter::ProviderPreferences &p = config.provider;
    m_model->clear();
    QStringList models{QString::fromStdString(config.defaultModel)};
    for (const std::string &m : config.offeredModels) {
        if (!models.contains(QString::fromStdString(m)))
            models << QString::fromStdString(m);
    }
    m_model->addItems(models);
    m_order->clear();
    for (const std::string &slug : p.order)
        m_order->addItem(QString::fromStdString(slug));
    m_allowFallbacks->setChecked(p.allowFallbacks.value_or(true));
    m_sort->setCurrentIndex(
        std::max(0, m_sort->findData(p.sort ? QString::fromStdString(p.sort->by) : QString())));
    for (QCheckBox *box : m_require) {
        box->setChecked(
            std::find(p.quantizations.begin(), p.quantizations.end(), box->text().toStdString())
            != p.quantizations.end());
    }
    for (QCheckBox *box : m_degrade) {
        box->setChecked(
            std::find(config.degradeTo.begin(), config.degradeTo.end(), box->text().toStdString())
            != config.degradeTo.end());
    }
    m_maxPrompt->setValue(p.maxPrice && p.maxPrice->prompt ? *p.maxPrice->prompt : 0);
    m_maxCompletion->setValue(p.maxPrice && p.maxPrice->completion ? *p.maxPrice->completion : 0);
    m_strategy->load(config);
    m_stages->load(config);
    m_loading = false;
    edited();
}

routing::RoutingConfig RoutingEditor::config() const
{
    routing::RoutingConfig c = m_base;
    openrouter::ProviderPreferences &p = c.provider;
    p.order.clear();
    for (int i = 0; i < m_order->count(); ++i)
        p.order.push_back(m_order->item(i)->text().toStdString());
    p.allowFallbacks = m_allowFallbacks->isChecked();
    const QString sort = m_sort->currentData().toString();
    if (sort.isEmpty())
        p.sort.reset();
    else
        p.sort = openrouter::SortPreference{sort.toStdString(), p.sort ? p.sort->partition : ""};
    p.quantizations.clear();
    for (QCheckBox *box : m_require) {
        if (box->isChecked())
            p.quantizations.push_back(box->text().toStdString());
    }
    c.degradeTo.clear();
    for (QCheckBox *box : m_degrade) {
        if (box->isChecked())
            c.degradeTo.push_back(box->text().toStdString());
    }
    openrouter::MaxPrice price = p.maxPrice.value_or(openrouter::MaxPrice{});
    price.prompt = m_maxPrompt->value() > 0 ? std::optional(m_maxPrompt->value()) : std::nullopt;
    price.completion
        = m_maxCompletion->value() > 0 ? std::optional(m_maxCompletion->value()) : std::nullopt;
    p.maxPrice = price.empty() ? std::nullopt : std::optional(price);
    m_strategy->apply(c);
    m_stages->apply(c);
    if (!m_model->currentText().isEmpty())
        c.defaultModel = m_model->currentText().toStdString();
    return c;
}

void RoutingEditor::moveProvider(int from, int to)
{
    if (from < 0 || from >= m_order->count() || to < 0 || to >= m_order->count() || from == to)
        return;
    QListWidgetItem *item = m_order->takeItem(from);
    m_order->insertItem(to, item);
    m_order->setCurrentRow(to);
    edited();
}

void RoutingEditor::addEndpointToOrder(int row)
{
    QTableWidgetItem *tag = m_endpoints->item(row, 1);
    if (!tag)
        return;
    // The provider's slug: the part of the tag before '/', so every endpoint of it qualifies.
    const QString slug = tag->text().section(QLatin1Char('/'), 0, 0);
    if (!m_order->findItems(slug, Qt::MatchExactly).isEmpty())
        return;
    m_order->addItem(slug);
    edited();
}

void RoutingEditor::reloadEndpoints()
{
    if (!m_loader)
        return;
    const std::string model = m_model->currentText().toStdString();
    auto *watcher = new QFutureWatcher<Result<openrouter::ModelEndpoints>>(this);
    connect(
        watcher, &QFutureWatcher<Result<openrouter::ModelEndpoints>>::finished, this,
        [this, watcher] {
            watcher->deleteLater();
            const auto endpoints = watcher->result();
            if (!endpoints) {
                m_endpoints->setRowCount(0);
                auto *item = new QListWidgetItem(
                    tr("The endpoints could not be loaded: %1").arg(errorText(endpoints.error())));
                item->setToolTip(errorDetail(endpoints.error()));
                m_findingList->insertItem(0, item);
                return;
            }
            fillEndpoints(*endpoints);
            emit endpointsLoaded();
        });
    watcher->setFuture(QtConcurrent::run(m_loader, model));
    edited();
}

void RoutingEditor::fillEndpoints(const openrouter::ModelEndpoints &endpoints)
{
    m_endpoints->setSortingEnabled(false);
    m_endpoints->setRowCount(static_cast<int>(endpoints.endpoints.size()));
    int row = 0;
    for (const openrouter::EndpointInfo &e : endpoints.endpoints) {
        m_endpoints->setItem(row, 0, cell(QString::fromStdString(e.providerName)));
        m_endpoints->setItem(row, 1, cell(QString::fromStdString(e.tag)));
        m_endpoints->setItem(row, 2, cell(QString::fromStdString(e.quantization)));
        m_endpoints->setItem(row, 3, cell({}, openrouter::Pricing::perMillion(e.pricing.prompt)));
        m_endpoints->setItem(row, 4,
                             cell({}, openrouter::Pricing::perMillion(e.pricing.completion)));
        m_endpoints->setItem(row, 5, cell({}, QVariant::fromValue<qint64>(e.contextLength)));
        m_endpoints->setItem(
            row, 6, cell(e.status == 0 ? tr("healthy") : tr("degraded (%1)").arg(e.status)));
        ++row;
    }
    m_endpoints->setSortingEnabled(true);
}

void RoutingEditor::edited()
{
    if (m_loading)
        return;
    validate();
    if (m_online)
        m_onlineTimer->start();
    emit configChanged();
}

void RoutingEditor::validate()
{
    m_findings = routing::validateOffline(config());
    for (const routing::ValidationFinding &f : m_onlineFindings.findings) {
        const bool seen = std::any_of(m_findings.findings.begin(), m_findings.findings.end(),
                                      [&f](const routing::ValidationFinding &g) {
                                          return g.rule == f.rule && g.path == f.path;
                                      });
        if (!seen)
            m_findings.findings.push_back(f);
    }
    showFindings();
    emit findingsChanged();
}

void RoutingEditor::showFindings()
{
    m_findingList->clear();
    if (m_findings.findings.empty()) {
        m_findingList->addItem(tr("No problems found."));
        return;
    }
    for (const routing::ValidationFinding &f : m_findings.findings) {
        const QStyle::StandardPixmap icon = f.severity == routing::Severity::Error
            ? QStyle::SP_MessageBoxCritical
            : f.severity == routing::Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                       : QStyle::SP_MessageBoxInformation;
        auto *item = new QListWidgetItem(style()->standardIcon(icon),
                                         tr("%1 (%2)\nFix: %3")
                                             .arg(QString::fromStdString(f.message),
                                                  QString::fromStdString(f.path),
                                                  QString::fromStdString(f.fix)));
        item->setData(Qt::UserRole, QString::fromStdString(f.rule));
        m_findingList->addItem(item);
    }
}

void RoutingEditor::savePreset()
{
    if (!m_presets)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save Preset"), tr("Preset name:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok || name.isEmpty())
        return;
    if (auto s = m_presets->save(name, config()); !s) {
        warnAbout(this, tr("Preset not saved"), errorText(s.error()), s.error());
        return;
    }
    setPresets(m_presets);
    m_presetChooser->setCurrentText(name);
}

void RoutingEditor::loadPreset(const QString &name)
{
    if (!m_presets || name.isEmpty())
        return;
    auto preset = m_presets->load(name);
    if (!preset) {
        warnAbout(this, tr("Preset not loaded"), errorText(preset.error()), preset.error());
        return;
    }
    setConfig(*preset);
}

RoutingEditorDialog::RoutingEditorDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path.isEmpty() ? QString::fromStdString(routing::defaultRoutingConfigPath().string())
                            : path)
{
    setWindowTitle(tr("Routing"));
    auto loaded = routing::RoutingConfig::load(m_path.toStdString());
    m_editor = new RoutingEditor(loaded ? *loaded : routing::RoutingConfig::defaults(), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &RoutingEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor);
    layout->addWidget(buttons);
    resize(1150, 860);
}

void RoutingEditorDialog::accept()
{
    if (!m_editor->findings().valid()) {
        const auto answer = QMessageBox::question(
            this, tr("Save with errors?"),
            tr("The routing has errors (see Findings); requests may fail. Save anyway?"));
        if (answer != QMessageBox::Yes)
            return;
    }
    if (auto s = m_editor->config().save(m_path.toStdString()); !s) {
        warnAbout(this, tr("Routing not saved"),
                  tr("%1 could not be written: %2").arg(m_path, errorText(s.error())), s.error());
        return;
    }
    QDialog::accept();
}

} // namespace scriptorium::ui
