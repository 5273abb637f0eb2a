#include "ui/quality/audit_dialog.h"

#include "ui/quality/audit_bridge.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

QString usd(double value)
{
    return QStringLiteral("$%1").arg(value, 0, 'f', value < 1 ? 4 : 2);
}

} // namespace

AuditDialog::AuditDialog(AuditBridge *bridge, QString libraryPath, BatchConnection connection,
                         std::int64_t bookId, const QString &bookTitle, int chapterCount,
                         QWidget *parent)
    : QDialog(parent)
    , m_bridge(bridge)
    , m_libraryPath(std::move(libraryPath))
    , m_connection(std::move(connection))
    , m_bookId(bookId)
{
    setWindowTitle(tr("Continuity Audit"));
    setObjectName(QStringLiteral("auditDialog"));
    auto *intro = new QLabel(
        tr("Checks each chapter of “%1” against the story bible, the character states and the "
           "earlier chapters' summaries, with a quote from each side. This is a paid request per "
           "chapter; the price is shown before anything is sent.")
            .arg(bookTitle),
        this);
    intro->setWordWrap(true);
    m_first = new QSpinBox(this);
    m_first->setObjectName(QStringLiteral("auditFirst"));
    m_last = new QSpinBox(this);
    m_last->setObjectName(QStringLiteral("auditLast"));
    for (QSpinBox *box : {m_first, m_last})
        box->setRange(1, std::max(1, chapterCount));
    m_first->setValue(1);
    m_last->setValue(std::max(1, chapterCount));
    auto *range = new QHBoxLayout;
    range->addWidget(m_first);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_last);
    range->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("Chapters:"), range);
    m_price = new QLabel(this);
    m_price->setObjectName(QStringLiteral("auditPrice"));
    m_price->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(this);
    m_audit = buttons->addButton(tr("Audit"), QDialogButtonBox::AcceptRole);
    m_audit->setObjectName(QStringLiteral("auditStart"));
    m_findings = buttons->addButton(tr("Show Findings"), QDialogButtonBox::ActionRole);
    m_findings->setObjectName(QStringLiteral("auditShowFindings"));
    m_cancel = buttons->addButton(tr("Stop"), QDialogButtonBox::ActionRole);
    m_cancel->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_audit, &QPushButton::clicked, this, [this] { (void)startAudit(); });
    connect(m_cancel, &QPushButton::clicked, m_bridge, &AuditBridge::cancel);
    connect(m_findings, &QPushButton::clicked, this,
            [this] { emit showFindingsRequested(m_bookId); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_price);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    auto changed = [this] {
        if (m_first->value() > m_last->value())
            m_last->setValue(m_first->value());
        requestForecast();
    };
    connect(m_first, &QSpinBox::valueChanged, this, changed);
    connect(m_last, &QSpinBox::valueChanged, this, changed);
    connect(m_bridge, &AuditBridge::forecastReady, this, &AuditDialog::showForecast);
    connect(m_bridge, &AuditBridge::chapterAudited, this,
            [this](int position, int findings, double cost) {
                m_status->setText(tr("Chapter %1 audited: %n finding(s), %2.", nullptr, findings)
                                      .arg(position)
                                      .arg(usd(cost)));
            });
    connect(
        m_bridge, &AuditBridge::finished, this, [this](int chapters, int findings, double cost) {
            m_running = false;
            m_cancel->setEnabled(false);
            m_audit->setEnabled(true);
            m_status->setText(tr("%n chapter(s) audited.", nullptr, chapters) + QLatin1Char(' ')
                              + tr("%n finding(s), %1 spent.", nullptr, findings).arg(usd(cost)));
            emit auditFinished();
        });
    connect(m_bridge, &AuditBridge::failed, this, [this](const QString &message) {
        const bool wasRunning = m_running;
        m_running = false;
        m_cancel->setEnabled(false);
        m_audit->setEnabled(m_forecast.has_value());
        m_status->setText(wasRunning ? tr("The audit stopped: %1").arg(message)
                                     : tr("The price could not be computed: %1").arg(message));
        if (wasRunning)
            emit auditFinished(); // what was audited before the stop is stored
        if (m_forecastPending && !m_running)
            requestForecast();
    });
    m_audit->setEnabled(false);
    requestForecast();
}

QString AuditDialog::statusText() const
{
    return m_status->text();
}

void AuditDialog::setRange(int first, int last)
{
    m_first->setValue(first);
    m_last->setValue(last);
}

void AuditDialog::requestForecast()
{
    if (m_running)
        return;
    m_forecast.reset();
    m_audit->setEnabled(false);
    m_price->setText(tr("Computing the price…"));
    if (m_bridge->isBusy()) {
        m_forecastPending = true;
        return;
    }
    m_forecastPending = false;
    (void)m_bridge->forecast(m_libraryPath, m_connection, m_bookId, m_first->value(),
                             m_last->value());
}

void AuditDialog::showForecast(const novel::AuditForecast &forecast)
{
    if (m_forecastPending) {
        requestForecast(); // for the range the writer chose meanwhile
        return;
    }
    m_forecast = forecast;
    if (forecast.chapters == 0) {
        m_price->setText(tr("These chapters have no text to audit yet: draft them first."));
        m_audit->setEnabled(false);
        return;
    }
    m_price->setText(
        tr("Auditing %n chapter(s) costs about %1 (between %2 and %3).", nullptr, forecast.chapters)
            .arg(usd(forecast.costUsd.expected), usd(forecast.costUsd.low),
                 usd(forecast.costUsd.high)));
    m_audit->setEnabled(true);
}

bool AuditDialog::startAudit()
{
    if (!m_forecast || m_forecast->chapters == 0 || m_bridge->isBusy() || m_running)
        return false;
    if (!m_bridge->run(m_libraryPath, m_connection, m_bookId, m_first->value(), m_last->value()))
        return false;
    m_running = true;
    m_audit->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(tr("Auditing…"));
    return true;
}

} // namespace scriptorium::ui
