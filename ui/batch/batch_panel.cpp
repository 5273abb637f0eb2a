#include "ui/batch/batch_panel.h"

#include "novel/shared_database.h"
#include "store/batch_store.h"
#include "ui/app_settings.h"
#include "ui/batch/batch_chapter_list.h"
#include "ui/editor_host.h"
#include "ui/generation/generation_messages.h"
#include "ui/library_session.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/routing_session.h"
#include "ui/secret_store.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace scriptorium::ui {

BatchPanel::BatchPanel(EditorHost *host, BatchBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_bridge(bridge)
{
    setObjectName(QStringLiteral("batchPanel"));
    m_connection = new AppConnection(this);
    connect(m_connection, &AppConnection::storedKeyRead, this, [this] { requestProfile(); });
    createWidgets();
    connect(m_bridge, &BatchBridge::chaptersProgressed, this, &BatchPanel::onProgress);
    connect(m_bridge, &BatchBridge::runFinished, this, &BatchPanel::onFinished);
    connect(m_bridge, &BatchBridge::runFailed, this, &BatchPanel::onFailed);
    connect(m_bridge, &BatchBridge::notice, this,
            [this](const QString &text) { m_message->setToolTip(text); });
    connect(m_bridge, &BatchBridge::profileReady, this,
            [this](quint64 tag, std::int64_t bookId, const novel::ForecastProfile &profile) {
                if (tag != m_profileTag)
                    return; // asked of another server or library
                m_profiles.insert(bookId, profile);
                if (bookId == m_bookId)
                    updateForecast();
            });
    refresh();
}

BatchPanel::~BatchPanel() = default;

void BatchPanel::createWidgets()
{
    auto *layout = new QVBoxLayout(this);

    // Not a dialog: start-up must never wait on a question about an old batch.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("batchResumeBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerResume = new QPushButton(tr("Resume"), m_banner);
    m_bannerResume->setObjectName(QStringLiteral("batchBannerResume"));
    m_bannerDiscard = new QPushButton(tr("Discard"), m_banner);
    m_bannerDiscard->setObjectName(QStringLiteral("batchBannerDiscard"));
    m_bannerDiscard->setToolTip(
        tr("Stop offering this batch. Chapters it already wrote keep their text."));
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerResume);
    bannerLayout->addWidget(m_bannerDiscard);
    connect(m_bannerResume, &QPushButton::clicked, this, [this] { resume(); });
    connect(m_bannerDiscard, &QPushButton::clicked, this, [this] { discardUnfinished(); });
    m_banner->hide();
    layout->addWidget(m_banner);

    auto *form = new QFormLayout;
    auto *range = new QHBoxLayout;
    m_from = new QSpinBox(this);
    m_from->setObjectName(QStringLiteral("batchFrom"));
    m_to = new QSpinBox(this);
    m_to->setObjectName(QStringLiteral("batchTo"));
    range->addWidget(m_from);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_to);
    range->addStretch();
    form->addRow(tr("Chapters:"), range);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("batchMode"));
    m_mode->addItem(tr("Sequential"), int(novel::BatchMode::Sequential));
    m_mode->addItem(tr("Parallel"), int(novel::BatchMode::Parallel));
    m_mode->setToolTip(tr("Sequential drafts and finishes each chapter before the next. Parallel "
                          "drafts several chapters at once from their outlines."));
    form->addRow(tr("Mode:"), m_mode);
    m_concurrency = new QSpinBox(this);
    m_concurrency->setObjectName(QStringLiteral("batchConcurrency"));
    m_concurrency->setRange(1, 16);
    m_concurrency->setValue(4);
    form->addRow(tr("Concurrency:"), m_concurrency);
    m_budget = new QDoubleSpinBox(this);
    m_budget->setObjectName(QStringLiteral("batchBudget"));
    m_budget->setRange(0, 10000);
    m_budget->setDecimals(2);
    m_budget->setSingleStep(0.5);
    m_budget->setPrefix(QStringLiteral("$"));
    m_budget->setSpecialValueText(tr("No limit"));
    m_budget->setToolTip(tr("The batch pauses before a request that could exceed this."));
    form->addRow(tr("Budget:"), m_budget);
    layout->addLayout(form);

    m_forecastLabel = new QLabel(this);
    m_forecastLabel->setObjectName(QStringLiteral("batchForecast"));
    m_forecastLabel->setWordWrap(true);
    layout->addWidget(m_forecastLabel);

    auto *buttons = new QHBoxLayout;
    auto button = [this, buttons](const QString &text, const char *name) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        buttons->addWidget(b);
        return b;
    };
    m_start = button(tr("Start"), "batchStart");
    m_pause = button(tr("Pause"), "batchPause");
    m_resume = button(tr("Resume"), "batchResume");
    m_cancel = button(tr("Cancel"), "batchCancel");
    m_retry = button(tr("Retry failed"), "batchRetry");
    layout->addLayout(buttons);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_pause, &QPushButton::clicked, this, &BatchPanel::pause);
    connect(m_resume, &QPushButton::clicked, this, [this] { resume(); });
    connect(m_cancel, &QPushButton::clicked, this, &BatchPanel::cancel);
    connect(m_retry, &QPushButton::clicked, this, [this] { retryFailed(); });

    m_list = new BatchChapterList(this);
    layout->addWidget(m_list, 1);
    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("batchTotals"));
    layout->addWidget(m_totals);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("batchMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    auto fieldsChanged = [this] {
        if (!isRunning() && m_unfinished == std::nullopt)
            m_batchId = 0; // the list previews the chosen range again
        refresh();
    };
    connect(m_from, &QSpinBox::valueChanged, this, fieldsChanged);
    connect(m_to, &QSpinBox::valueChanged, this, fieldsChanged);
    connect(m_mode, &QComboBox::currentIndexChanged, this, fieldsChanged);
    connect(m_concurrency, &QSpinBox::valueChanged, this, [this] { updateForecast(); });
    connect(m_budget, &QDoubleSpinBox::valueChanged, this, [this] { updateForecast(); });
}

void BatchPanel::useSecretStore(SecretStore *secrets)
{
    if (m_connection->isExplicit())
        return;
    m_connection->useSecretStore(secrets);
    requestProfile(); // the environment's key needs no keychain
}

void BatchPanel::setConnection(const QString &baseUrl, const QString &apiKey)
{
    m_connection->setExplicit(baseUrl, apiKey);
    forgetProfiles(); // the catalog basis came from another server
    requestProfile();
}

void BatchPanel::routingConfigChanged()
{
    forgetProfiles(); // their objective outlooks came from the old stage policies
    updateForecast();
    requestProfile();
}

BatchConnection BatchPanel::connection() const
{
    BatchConnection c;
    const AppConnection::Resolved resolved = m_connection->current();
    c.baseUrl = resolved.baseUrl;
    c.apiKey = resolved.apiKey;
    c.model = AppSettings::defaultModel();
    // The Generate dock's "Default": the book's preset, else the draft stage's, else the
    // window's routing config; the window's one strategy orders the providers.
    RoutingSession *routing = m_host->routingSession();
    if (routing) {
        c.config = routing->config();
        c.strategy = routing->strategy();
    }
    const RoutingPresets presets;
    const auto preset = presets.effectivePreset({}, m_session ? &m_session->database() : nullptr,
                                                m_bookId, QStringLiteral("draft"));
    if (preset && !preset->isEmpty())
        if (auto loaded = presets.load(*preset))
            c.config
                = routing ? routing->withStrategySettings(std::move(*loaded)) : std::move(*loaded);
    return c;
}

void BatchPanel::setSession(LibrarySession *session)
{
    m_session = session;
    m_bookId = 0;
    m_batchId = 0;
    forgetProfiles();
    // Chapters outlined, moved or trashed change the range and the preview.
    if (session)
        connect(session, &LibrarySession::structureChanged, this, &BatchPanel::refresh);
    refresh();
}

void BatchPanel::setBook(std::int64_t bookId)
{
    if (bookId == m_bookId)
        return;
    m_bookId = bookId;
    if (isRunning())
        return; // the running batch stays in view; refreshed when it ends
    m_batchId = 0;
    refresh();
    requestProfile();
}

void BatchPanel::forgetProfiles()
{
    m_profiles.clear();
    m_profileRequested.clear();
    ++m_profileTag;
}

void BatchPanel::requestProfile()
{
    // A base URL saved in the settings since: the profiles' catalog came from another server.
    const AppConnection::Resolved resolved = m_connection->current();
    if (resolved.baseUrl != m_profileBaseUrl) {
        forgetProfiles();
        m_profileBaseUrl = resolved.baseUrl;
    }
    // Without a key the writer is not generating yet; the catalog is read once one is known.
    if (!m_bridge || !m_session || m_bookId == 0 || resolved.apiKey.isEmpty()
        || m_profiles.contains(m_bookId) || m_profileRequested.value(m_bookId) == m_profileTag)
        return;
    m_profileRequested.insert(m_bookId, m_profileTag);
    m_bridge->loadProfile(m_session->path(), connection(), m_bookId, m_from->value(), m_profileTag);
}

void BatchPanel::setRange(int first, int last)
{
    m_from->setValue(first);
    m_to->setValue(last);
}

void BatchPanel::setMode(novel::BatchMode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void BatchPanel::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

void BatchPanel::setBudget(std::optional<double> usd)
{
    m_budget->setValue(usd.value_or(0));
}

bool BatchPanel::isRunning() const
{
    return m_bridge && m_bridge->isRunning();
}

bool BatchPanel::isResumeOffered() const
{
    return !m_banner->isHidden();
}

QString BatchPanel::forecastText() const
{
    return m_forecastLabel->text();
}

QString BatchPanel::totalsText() const
{
    return m_totals->text();
}

QString BatchPanel::message() const
{
    return m_message->text();
}

void BatchPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setToolTip({});
    m_message->setStyleSheet(error ? QStringLiteral("color: palette(bright-text); "
                                                    "background: #b3261e; padding: 4px;")
                                   : QString());
}

} // namespace scriptorium::ui
