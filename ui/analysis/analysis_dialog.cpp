#include "ui/analysis/analysis_dialog.h"

#include "ui/analysis/analysis_bridge.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace scriptorium::ui {

namespace {

QString usd(double value)
{
    return QStringLiteral("$%1").arg(value, 0, 'f', value < 1 ? 4 : 2);
}

QString minutes(double seconds)
{
    return AnalysisDialog::tr("%n min", nullptr,
                              std::max(1, static_cast<int>(std::ceil(seconds / 60))));
}

} // namespace

AnalysisDialog::AnalysisDialog(AnalysisBridge *bridge, QString libraryPath,
                               BatchConnection connection, std::int64_t bookId,
                               const QString &bookTitle, QWidget *parent)
    : QDialog(parent)
    , m_bridge(bridge)
    , m_libraryPath(std::move(libraryPath))
    , m_connection(std::move(connection))
    , m_bookId(bookId)
{
    setWindowTitle(tr("Analyse Book"));
    setObjectName(QStringLiteral("analysisDialog"));
    auto *intro = new QLabel(
        tr("Reads “%1” in chunks of whole chapters and derives what continuing it needs: a "
           "summary and the characters' states for every chapter, and story bible entries with "
           "the chapter each comes from, which wait for your review in the Story Bible panel. "
           "This is paid; the price is shown before anything is sent. A stopped analysis "
           "resumes where it ended.")
            .arg(bookTitle),
        this);
    intro->setWordWrap(true);
    m_price = new QLabel(this);
    m_price->setObjectName(QStringLiteral("analysisPrice"));
    m_price->setWordWrap(true);
    m_budget = new QDoubleSpinBox(this);
    m_budget->setObjectName(QStringLiteral("analysisBudget"));
    m_budget->setRange(0, 10000);
    m_budget->setDecimals(2);
    m_budget->setPrefix(QStringLiteral("$"));
    m_budget->setSpecialValueText(tr("No cap"));
    auto *form = new QFormLayout;
    form->addRow(tr("Spending cap:"), m_budget);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("analysisProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("analysisStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(this);
    m_analyse = buttons->addButton(tr("Analyse"), QDialogButtonBox::AcceptRole);
    m_analyse->setObjectName(QStringLiteral("analysisStart"));
    m_stop = buttons->addButton(tr("Stop"), QDialogButtonBox::ActionRole);
    m_stop->setEnabled(false);
    buttons->addButton(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_analyse, &QPushButton::clicked, this, [this] { (void)startAnalysis(); });
    connect(m_stop, &QPushButton::clicked, m_bridge, &AnalysisBridge::cancel);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_price);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_bridge, &AnalysisBridge::forecastReady, this, &AnalysisDialog::showForecast);
    connect(m_bridge, &AnalysisBridge::chunkStarted, this,
            [this](int index, int count, int first, int last) {
                m_progress->setRange(0, count);
                m_progress->setValue(index);
                m_status->setText(tr("Reading chapters %1–%2 (request %3 of %4)…")
                                      .arg(first)
                                      .arg(last)
                                      .arg(index + 1)
                                      .arg(count));
            });
    connect(m_bridge, &AnalysisBridge::finished, this, &AnalysisDialog::showReport);
    connect(m_bridge, &AnalysisBridge::failed, this, [this](const QString &message) {
        const bool wasRunning = m_running;
        m_running = false;
        m_stop->setEnabled(false);
        m_status->setText(wasRunning ? tr("The analysis stopped: %1").arg(message)
                                     : tr("The price could not be computed: %1").arg(message));
        if (wasRunning) {
            emit analysisFinished(m_bookId);
            requestForecast();
        }
    });
    m_analyse->setEnabled(false);
    requestForecast();
}

QString AnalysisDialog::priceText() const
{
    return m_price->text();
}

QString AnalysisDialog::statusText() const
{
    return m_status->text();
}

void AnalysisDialog::setBudget(double usd)
{
    m_budget->setValue(usd);
}

void AnalysisDialog::requestForecast()
{
    if (m_running || m_bridge->isBusy())
        return;
    m_forecast.reset();
    m_analyse->setEnabled(false);
    m_price->setText(tr("Computing the price…"));
    (void)m_bridge->forecast(m_libraryPath, m_connection, m_bookId);
}

void AnalysisDialog::showForecast(const novel::AnalysisForecast &forecast)
{
    m_forecast = forecast;
    if (forecast.chapters == 0) {
        m_price->setText(forecast.analysed > 0
                             ? tr("Every chapter is analysed. Review the derived entries in the "
                                  "Story Bible panel, then continue the book.")
                             : tr("This book has no chapters with text to analyse."));
        m_analyse->setEnabled(false);
        return;
    }
    QString text = tr("Reading %n chapter(s)", nullptr, forecast.chapters) + QLatin1Char(' ')
        + tr("in %n request(s) costs about %1 (between %2 and %3) and takes about %4.", nullptr,
             forecast.chunks)
              .arg(usd(forecast.costUsd.expected), usd(forecast.costUsd.low),
                   usd(forecast.costUsd.high), minutes(forecast.wallSeconds.expected));
    if (forecast.analysed > 0)
        text += QLatin1Char(' ')
            + tr("%n chapter(s) already analysed are skipped.", nullptr, forecast.analysed);
    if (forecast.cut > 0)
        text += QLatin1Char(' ')
            + tr("%n chapter(s) are longer than the model's context and are read cut.", nullptr,
                 forecast.cut);
    m_price->setText(text);
    m_analyse->setEnabled(true);
}

bool AnalysisDialog::startAnalysis()
{
    if (!m_forecast || m_forecast->chapters == 0 || m_bridge->isBusy() || m_running)
        return false;
    const double cap = m_budget->value();
    if (!m_bridge->run(m_libraryPath, m_connection, m_bookId,
                       cap > 0 ? std::optional(cap) : std::nullopt))
        return false;
    m_running = true;
    m_analyse->setEnabled(false);
    m_stop->setEnabled(true);
    m_progress->setRange(0, std::max(1, m_forecast->chunks));
    m_progress->setValue(0);
    m_status->setText(tr("Analysing…"));
    return true;
}

void AnalysisDialog::showReport(const novel::AnalysisReport &report)
{
    m_running = false;
    m_stop->setEnabled(false);
    QString text = tr("%n chapter(s) analysed", nullptr, report.chapters) + QLatin1Char(' ')
        + tr("(%n new story bible entries), %1 spent.", nullptr, report.entriesAdded)
              .arg(usd(report.costUsd));
    if (report.stopped)
        text += QLatin1Char(' ')
            + (report.stopped->code == ErrorCode::Budget
                   ? tr("The spending cap stopped it between requests; what was read is kept. "
                        "Raise the cap and analyse again to resume.")
                   : tr("It stopped before the end; what was read is kept. Analyse again to "
                        "resume."));
    else
        text += QLatin1Char(' ') + tr("Review the new entries in the Story Bible panel.");
    m_status->setText(text);
    m_progress->setValue(m_progress->maximum());
    emit analysisFinished(m_bookId);
    requestForecast();
}

} // namespace scriptorium::ui
