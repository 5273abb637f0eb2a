#include "ui/generation/generation_panel.h"

#include "novel/draft_splice.h"
#include "ui/app_settings.h"
#include "ui/editor_host.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_messages.h"
#include "ui/generation/generation_prompts.h"
#include "ui/generation/prompt_preview_dialog.h"
#include "ui/library_session.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_presets.h"
#include "ui/routing/routing_session.h"
#include "ui/secret_store.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

novel::DraftPlacement placementOf(GenerationMode mode)
{
    switch (mode) {
    case GenerationMode::Draft:
        break;
    case GenerationMode::Continue:
        return novel::DraftPlacement::Append;
    case GenerationMode::Rewrite:
    case GenerationMode::Expand:
        return novel::DraftPlacement::ReplacePassage;
    case GenerationMode::Beat:
        return novel::DraftPlacement::Insert;
    }
    return novel::DraftPlacement::ReplaceBody;
}

} // namespace

GenerationPanel::GenerationPanel(EditorHost *host, GenerationBridge *bridge, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_bridge(bridge)
{
    setObjectName(QStringLiteral("generationPanel"));
    m_connection = new AppConnection(this);
    m_baseUrl = m_connection->current().baseUrl;
    connect(m_connection, &AppConnection::storedKeyRead, this, &GenerationPanel::keyKnown);
    createActions();
    createWidgets();
    loadPresets();
    connect(m_bridge, &GenerationBridge::attemptStarted, this, &GenerationPanel::onAttemptStarted);
    connect(m_bridge, &GenerationBridge::firstToken, this, &GenerationPanel::onFirstToken);
    connect(m_bridge, &GenerationBridge::delta, this, &GenerationPanel::onDelta);
    connect(m_bridge, &GenerationBridge::attemptFinished, this,
            &GenerationPanel::onAttemptFinished);
    connect(m_bridge, &GenerationBridge::finished, this, &GenerationPanel::onFinished);
    connect(m_bridge, &GenerationBridge::recorded, this, [this](quint64 id, qint64 recordId) {
        if ((id == m_ticket || id == m_stoppedTicket) && id != 0)
            m_recordId = recordId; // Accept links the chapter's revision to it
    });
    // A saved routing config or a rebuilt strategy reaches the Router at the next start (never
    // by cancelling a generation in flight).
    if (RoutingSession *routing = m_host->routingSession()) {
        auto stale = [this] {
            m_routerReady = false;
        };
        connect(routing, &RoutingSession::configChanged, this, stale);
        connect(routing, &RoutingSession::strategyChanged, this, stale);
    }
    connect(m_bridge, &GenerationBridge::catalogLoaded, this, [this](const QStringList &models) {
        const QString current = model();
        for (const QString &id : models) {
            if (m_model->findText(id) < 0)
                m_model->addItem(id);
        }
        // A model the server does not list would fail on the first Draft (the simulator's
        // market, or a model OpenRouter retired): switch to one it serves and say so, rather
        // than let the writer find out from an error after writing the prompt.
        if (models.isEmpty() || models.contains(current)) {
            setModel(current);
            return;
        }
        const QString routingDefault
            = QString::fromStdString(routing::RoutingConfig::defaults().defaultModel);
        const QString replacement
            = models.contains(routingDefault) ? routingDefault : models.first();
        setModel(replacement);
        showMessage(
            tr("%1 is not offered by %2; using %3 instead.")
                .arg(current, m_simulation ? tr("the simulator") : tr("OpenRouter"), replacement),
            false);
    });
    updateActions();
    updateStatus();
}

GenerationPanel::~GenerationPanel()
{
    if (m_ticket != 0 && m_bridge)
        m_bridge->cancel(m_ticket);
}

void GenerationPanel::shutdown()
{
    // The runtime records what was in flight (cancelled, with its text and best-known cost)
    // when the bridge stops it.
    if (m_bridge && m_ticket != 0)
        m_bridge->cancel(m_ticket);
    m_ticket = 0;
}

void GenerationPanel::createActions()
{
    auto make = [this](const QString &text, const char *name, const QKeySequence &shortcut) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(shortcut);
        m_actions.append(action);
        return action;
    };
    m_draftAction
        = make(tr("&Draft Chapter"), "actionGenerateDraft", QKeySequence(Qt::CTRL | Qt::Key_G));
    m_continueAction = make(tr("&Continue Chapter"), "actionGenerateContinue",
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_rewriteAction = make(tr("&Rewrite Selection"), "actionGenerateRewrite",
                           QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    m_expandAction = make(tr("&Expand Selection"), "actionGenerateExpand",
                          QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_E));
    m_stopAction = make(tr("&Stop Generation"), "actionGenerateStop",
                        QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_acceptAction = make(tr("&Accept Draft"), "actionGenerateAccept",
                          QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Return));
    m_discardAction = make(tr("D&iscard Draft"), "actionGenerateDiscard",
                           QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Backspace));
    connect(m_draftAction, &QAction::triggered, this, [this] { generate(GenerationMode::Draft); });
    connect(m_continueAction, &QAction::triggered, this,
            [this] { generate(GenerationMode::Continue); });
    connect(m_rewriteAction, &QAction::triggered, this,
            [this] { generate(GenerationMode::Rewrite); });
    connect(m_expandAction, &QAction::triggered, this,
            [this] { generate(GenerationMode::Expand); });
    connect(m_stopAction, &QAction::triggered, this, &GenerationPanel::stop);
    connect(m_acceptAction, &QAction::triggered, this, &GenerationPanel::accept);
    connect(m_discardAction, &QAction::triggered, this, &GenerationPanel::discard);
}

void GenerationPanel::createWidgets()
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("generationModel"));
    m_model->setEditable(true);
    m_model->addItem(AppSettings::defaultModel());
    form->addRow(tr("Model:"), m_model);
    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("generationPreset"));
    form->addRow(tr("Routing:"), m_preset);
    layout->addLayout(form);
    m_preview = new QCheckBox(tr("Preview the prompt before sending"), this);
    m_preview->setObjectName(QStringLiteral("generationPreview"));
    m_preview->setChecked(true);
    layout->addWidget(m_preview);

    auto toolRow = [this](std::initializer_list<QAction *> actions) {
        auto *row = new QHBoxLayout;
        for (QAction *action : actions) {
            auto *button = new QToolButton(this);
            button->setDefaultAction(action);
            button->setToolButtonStyle(Qt::ToolButtonTextOnly);
            button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
            row->addWidget(button);
        }
        return row;
    };
    layout->addLayout(toolRow({m_draftAction, m_continueAction}));
    layout->addLayout(toolRow({m_rewriteAction, m_expandAction}));

    m_draft = new QPlainTextEdit(this);
    m_draft->setObjectName(QStringLiteral("generationDraft"));
    m_draft->setReadOnly(true);
    m_draft->setPlaceholderText(tr("The generated text appears here as it streams."));
    m_draft->setFont(withCjkFallback(AppSettings::editorFont()));
    layout->addWidget(m_draft, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("generationMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);
    layout->addLayout(toolRow({m_stopAction, m_acceptAction, m_discardAction}));

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("generationStatus"));
}

QWidget *GenerationPanel::statusWidget() const
{
    return m_status;
}

void GenerationPanel::loadPresets()
{
    m_preset->clear();
    m_preset->addItem(tr("Default (fp8 first)"), QString());
    for (const QString &name : RoutingPresets().names())
        m_preset->addItem(name, name);
}

void GenerationPanel::useSecretStore(SecretStore *secrets)
{
    if (m_connection->isExplicit())
        return;
    m_connection->useSecretStore(secrets);
    keyKnown(); // the environment's key needs no keychain
}

void GenerationPanel::keyKnown()
{
    // The model list is fetched once a key is known (OpenRouter answers /models without one,
    // but a writer without a key is not generating yet).
    const AppConnection::Resolved connection = m_connection->current();
    if (connection.apiKey.isEmpty())
        return;
    m_baseUrl = connection.baseUrl;
    m_apiKey = connection.apiKey;
    m_routerReady = false;
    if (isRunning())
        return; // the next start() rebuilds the Router with the new key
    ensureRouter(m_preset->currentData().toString(), 0);
    m_bridge->fetchCatalog(m_baseUrl, m_apiKey);
}

void GenerationPanel::setConnection(const QString &baseUrl, const QString &apiKey, bool simulation)
{
    m_connection->setExplicit(baseUrl, apiKey);
    m_simulation = simulation;
    m_routerReady = false;
    ensureRouter(m_preset->currentData().toString(), 0);
    m_bridge->fetchCatalog(m_baseUrl, m_apiKey);
    updateStatus();
}

void GenerationPanel::setPreviewBeforeSending(bool on)
{
    m_preview->setChecked(on);
}

QString GenerationPanel::model() const
{
    return m_model->currentText().trimmed();
}

void GenerationPanel::setModel(const QString &model)
{
    if (int index = m_model->findText(model); index >= 0)
        m_model->setCurrentIndex(index);
    else
        m_model->setEditText(model);
}

bool GenerationPanel::ensureRouter(const QString &preset, std::int64_t bookId)
{
    // Read on every start: a base URL saved in the settings applies from the next request on.
    const AppConnection::Resolved connection = m_connection->current();
    if (connection.apiKey != m_apiKey)
        m_routerReady = false;
    m_baseUrl = connection.baseUrl;
    m_apiKey = connection.apiKey;
    const RoutingPresets presets;
    LibrarySession *library = m_host->session();
    auto chosen = presets.effectivePreset(preset, library ? &library->database() : nullptr, bookId,
                                          QStringLiteral("draft"));
    if (!chosen) {
        showMessage(errorText(chosen.error()), true);
        return false;
    }
    const QString effective = *chosen;
    if (m_routerReady && effective == m_configuredPreset && m_bridge->baseUrl() == m_baseUrl
        && m_host->session() && m_bridge->libraryPath() == m_host->session()->path())
        return true;
    // No preset: the window's routing config (the file the routing editor saves). A preset
    // chooses the provider object; the window's one strategy orders it either way.
    RoutingSession *routing = m_host->routingSession();
    routing::RoutingConfig config
        = routing ? routing->config() : routing::RoutingConfig::defaults();
    if (!effective.isEmpty()) {
        auto loaded = presets.load(effective);
        if (!loaded) {
            showMessage(tr("The routing preset %1 could not be read: %2")
                            .arg(effective, errorText(loaded.error())),
                        true);
            return false;
        }
        config = routing ? routing->withStrategySettings(std::move(*loaded)) : std::move(*loaded);
    }
    // The runtime records into the open library; without one it starts with the first
    // generation (which needs a chapter open anyway).
    LibrarySession *session = m_host->session();
    if (!session)
        return false;
    m_bridge->configure(m_baseUrl, m_apiKey, session->path(), std::move(config),
                        routing ? routing->strategy() : nullptr);
    m_configuredPreset = effective;
    m_routerReady = true;
    return true;
}

Result<GenerationJob> GenerationPanel::prepare(GenerationMode mode) const
{
    LibrarySession *session = m_host->session();
    if (!session || m_host->openChapterId() == 0)
        return fail(ErrorCode::InvalidArgument, "No chapter is open.",
                    "open a chapter in the library first");
    const QTextCursor cursor = m_host->editorCursor();
    return prepareGenerationJob(session->database(), m_host->openChapterId(), mode,
                                m_host->editorText(), cursor.selectionStart(),
                                cursor.selectionEnd(), model(), AppSettings::maxTokens());
}

QString GenerationPanel::missingFor(GenerationMode mode) const
{
    if (!m_host->session() || m_host->openChapterId() == 0)
        return tr("Open a chapter first: generation writes into the open chapter.");
    if (mode == GenerationMode::Continue && m_host->editorText().trimmed().isEmpty())
        return tr("There is no text to continue yet: write a few lines or use Draft.");
    if ((mode == GenerationMode::Rewrite || mode == GenerationMode::Expand)
        && !m_host->editorCursor().hasSelection())
        return tr("Select the passage to rewrite or expand first.");
    return {};
}

Result<QString> GenerationPanel::splicedDraft() const
{
    const GenerationJob &job = *m_job;
    const bool sameChapter = m_host->openChapterId() == job.chapterId;
    // The editor may have changed since the job started: build on what is there now.
    const std::string current = toStd(sameChapter ? m_host->editorText() : job.baseText);
    // The job holds Qt's selection in UTF-16 code units; core counts UTF-8 bytes. The
    // conversion happens here, at the edge, so no QString position reaches core.
    const QStringView base(job.baseText);
    // A beat goes in at the cursor: the text just before it is the anchor that finds the spot
    // again after edits.
    const int from = job.mode == GenerationMode::Beat ? std::max(0, job.selectionStart - 200)
                                                      : job.selectionStart;
    const std::string passage = base.mid(from, job.selectionEnd - from).toUtf8().toStdString();
    novel::DraftSplice splice;
    splice.placement = placementOf(job.mode);
    splice.language = job.language;
    splice.passage = passage;
    splice.passageOffset = static_cast<std::size_t>(base.left(from).toUtf8().size());
    auto body = novel::spliceDraft(current, toStd(m_text), splice);
    if (!body)
        return fail(body.error());
    return toQ(*body);
}

bool GenerationPanel::generate(GenerationMode mode)
{
    if (isRunning()) {
        showMessage(tr("A generation is running: stop it first."), true);
        return false;
    }
    if (const QString missing = missingFor(mode); !missing.isEmpty()) {
        showMessage(missing, true);
        return false;
    }
    auto job = prepare(mode);
    if (!job) {
        showMessage(errorText(job.error()), true);
        return false;
    }
    if (!m_preview->isChecked())
        return start(*job);
    auto *dialog = new PromptPreviewDialog(*job, m_bridge->price(job->model), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { start(dialog->job()); });
    dialog->open();
    return true;
}

bool GenerationPanel::draftBeat(std::int64_t beatId)
{
    if (isRunning()) {
        showMessage(tr("A generation is running: stop it first."), true);
        return false;
    }
    if (const QString missing = missingFor(GenerationMode::Draft); !missing.isEmpty()) {
        showMessage(missing, true);
        return false;
    }
    const QTextCursor cursor = m_host->editorCursor();
    auto job = prepareBeatJob(m_host->session()->database(), m_host->openChapterId(), beatId,
                              m_host->editorText(), cursor.position(), model(),
                              AppSettings::maxTokens());
    if (!job) {
        showMessage(errorText(job.error()), true);
        return false;
    }
    if (!m_preview->isChecked())
        return start(*job);
    auto *dialog = new PromptPreviewDialog(*job, m_bridge->price(job->model), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { start(dialog->job()); });
    dialog->open();
    return true;
}

bool GenerationPanel::start(const GenerationJob &job)
{
    if (isRunning())
        return false;
    LibrarySession *session = m_host->session();
    if (!session)
        return false;
    if (!ensureRouter(m_preset->currentData().toString(), job.bookId))
        return false;
    if (!m_host->saveAll())
        showMessage(tr("The chapter could not be saved; generating anyway."), true);

    // The core runtime records the generation before it is sent and streams its text into
    // the library: a crash keeps it (offered back as a recovered draft).
    novel::GenerationTask task;
    task.stage = generationStage(job.mode); // the config's stage policy, if it has one
    task.bookId = job.bookId;
    task.chapterId = job.chapterId;
    task.request.model = job.model.toStdString();
    task.request.messages.push_back({.role = "system", .content = job.system});
    task.request.messages.push_back({.role = "user", .content = job.user});
    task.request.maxTokens = job.maxTokens;
    task.request.temperature = AppSettings::temperature();
    task.request.prefill = job.prefill;
    auto ticket = m_bridge->start(std::move(task));
    if (!ticket) {
        showMessage(generationErrorMessage(ticket.error()), true);
        return false;
    }
    m_ticket = *ticket;
    m_stoppedTicket = 0;
    m_session = session;
    m_job = job;
    m_recordId = 0; // known when it finishes
    m_pendingBytes.clear();
    m_text.clear();
    m_draft->clear();
    m_result.reset();
    m_provider.clear();
    m_quantization.clear();
    m_degraded = false;
    m_ttftMs = -1;
    m_tokens = 0;
    m_spentUsd = 0;
    showMessage(tr("Generating…"), false);
    updateActions();
    updateStatus();
    return true;
}

} // namespace scriptorium::ui
