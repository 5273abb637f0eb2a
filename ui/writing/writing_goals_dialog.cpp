#include "ui/writing/writing_goals_dialog.h"

#include "novel/length_unit.h"
#include "store/book_store.h"
#include "store/database.h"
#include "store/writing_log.h"
#include "ui/error_messages.h"
#include "ui/library_session.h"
#include "ui/writing/writing_history_chart.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

// The streak may reach back before the chart's period.
constexpr std::string_view kFirstDay = "1970-01-01";
constexpr int kLargestGoal = 1'000'000;

QSpinBox *goalBox(QWidget *parent, const QString &objectName)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(0, kLargestGoal);
    box->setSingleStep(50);
    box->setSpecialValueText(WritingGoalsDialog::tr("none"));
    return box;
}

} // namespace

WritingGoalsDialog::WritingGoalsDialog(LibrarySession *session, std::int64_t bookId,
                                       QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_bookId(bookId)
{
    setObjectName(QStringLiteral("writingGoalsDialog"));
    resize(760, 560);
    auto book = m_session->books().get(bookId);
    const bool characters
        = book && novel::lengthUnitFor(book->language) == novel::LengthUnit::Characters;
    m_unit = characters ? tr("characters") : tr("words");
    setWindowTitle(book ? tr("Writing Goals — %1").arg(QString::fromStdString(book->title))
                        : tr("Writing Goals"));

    m_dailyGoal = goalBox(this, QStringLiteral("dailyGoal"));
    m_dailyGoal->setSuffix(QLatin1Char(' ') + m_unit);
    m_sessionGoal = goalBox(this, QStringLiteral("sessionGoal"));
    m_sessionGoal->setSuffix(QLatin1Char(' ') + m_unit);
    auto *save = new QPushButton(tr("Save Goals"), this);
    save->setObjectName(QStringLiteral("saveGoals"));
    auto *goals = new QFormLayout;
    goals->addRow(tr("Daily goal:"), m_dailyGoal);
    goals->addRow(tr("Session goal:"), m_sessionGoal);
    goals->addRow(QString(), save);

    m_today = new QLabel(this);
    m_today->setObjectName(QStringLiteral("goalsToday"));
    m_sessionLabel = new QLabel(this);
    m_sessionLabel->setObjectName(QStringLiteral("goalsSession"));
    auto *progress = new QVBoxLayout;
    progress->addWidget(m_today);
    progress->addWidget(m_sessionLabel);
    progress->addStretch(1);
    auto *top = new QHBoxLayout;
    top->addLayout(goals);
    top->addSpacing(24);
    top->addLayout(progress, 1);

    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("goalsPeriod"));
    for (const int days : {7, 30, 90, 365})
        m_period->addItem(tr("Last %n day(s)", nullptr, days), days);
    m_period->setCurrentIndex(1);
    m_periodSummary = new QLabel(this);
    m_periodSummary->setObjectName(QStringLiteral("goalsPeriodSummary"));
    m_periodSummary->setWordWrap(true);
    auto *periodRow = new QHBoxLayout;
    periodRow->addWidget(m_period);
    periodRow->addWidget(m_periodSummary, 1);
    m_chart = new WritingHistoryChart(this);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(periodRow);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(save, &QPushButton::clicked, this, [this] { (void)saveGoals(); });
    connect(m_period, &QComboBox::currentIndexChanged, this, [this] { (void)reload(); });

    // The spin boxes start at the stored goals (0 when unreadable: reload() shows why).
    (void)reload();
    m_dailyGoal->setValue(static_cast<int>(m_dailyGoalValue));
    m_sessionGoal->setValue(static_cast<int>(m_sessionGoalValue));
}

Status WritingGoalsDialog::reload()
{
    store::WritingLog log(m_session->database());
    const std::string today = store::localDay(store::nowMs());
    const int days = m_period->currentData().toInt();
    auto from = store::addDays(today, 1 - days);
    if (!from)
        return fail(from.error());
    auto history = log.history(m_bookId, kFirstDay, today);
    auto daily = log.dailyGoal(m_bookId);
    auto perSession = log.sessionGoal(m_bookId);
    const Error *error = !history ? &history.error()
        : !daily                  ? &daily.error()
        : !perSession             ? &perSession.error()
                                  : nullptr;
    if (error) {
        m_error->setText(errorText(*error));
        m_error->setToolTip(errorDetail(*error));
        m_error->show();
        return fail(*error);
    }
    m_error->hide();
    auto shown = store::everyDay(*history, *from, today, m_bookId);
    if (!shown)
        return fail(shown.error());
    m_dailyGoalValue = daily->value_or(0);
    m_sessionGoalValue = perSession->value_or(0);
    m_todayWritten = shown->empty() ? 0 : shown->back().total();
    m_chart->setDays(*shown, *daily);

    std::int64_t byHand = 0;
    std::int64_t accepted = 0;
    int met = 0;
    int written = 0;
    for (const store::WritingDay &d : *shown) {
        byHand += d.byHand;
        accepted += d.accepted;
        written += d.total() > 0 ? 1 : 0;
        met += m_dailyGoalValue > 0 && d.total() >= m_dailyGoalValue ? 1 : 0;
    }
    const int streak = store::streak(*history, today, m_dailyGoalValue);
    QString summary
        = tr("%1 %2 in %n day(s) with writing: %3 by hand, %4 accepted.", nullptr, written)
              .arg(byHand + accepted)
              .arg(m_unit)
              .arg(byHand)
              .arg(accepted);
    if (m_dailyGoalValue > 0)
        summary += QLatin1Char(' ') + tr("Goal met on %n day(s).", nullptr, met);
    summary += QLatin1Char(' ') + tr("Streak: %n day(s).", nullptr, streak);
    m_periodSummary->setText(summary);
    showSummary();
    return {};
}

void WritingGoalsDialog::setSessionWritten(std::int64_t written)
{
    m_sessionWritten = written;
    showSummary();
}

void WritingGoalsDialog::showSummary()
{
    m_today->setText(
        m_dailyGoalValue > 0
            ? tr("Today: %1 of %2 %3").arg(m_todayWritten).arg(m_dailyGoalValue).arg(m_unit)
            : tr("Today: %1 %2").arg(m_todayWritten).arg(m_unit));
    m_sessionLabel->setText(m_sessionGoalValue > 0
                                ? tr("This session: %1 of %2 %3")
                                      .arg(m_sessionWritten)
                                      .arg(m_sessionGoalValue)
                                      .arg(m_unit)
                                : tr("This session: %1 %2").arg(m_sessionWritten).arg(m_unit));
}

Status WritingGoalsDialog::saveGoals()
{
    store::WritingLog log(m_session->database());
    auto toGoal = [](int value) -> std::optional<std::int64_t> {
        return value > 0 ? std::optional<std::int64_t>(value) : std::nullopt;
    };
    Status saved = log.setDailyGoal(m_bookId, toGoal(m_dailyGoal->value()));
    if (saved)
        saved = log.setSessionGoal(m_bookId, toGoal(m_sessionGoal->value()));
    if (!saved) {
        m_error->setText(errorText(saved.error()));
        m_error->setToolTip(errorDetail(saved.error()));
        m_error->show();
        return saved;
    }
    emit goalsChanged();
    return reload();
}

QString WritingGoalsDialog::summaryText() const
{
    return m_today->text() + QLatin1Char('\n') + m_sessionLabel->text() + QLatin1Char('\n')
        + m_periodSummary->text();
}

void WritingGoalsDialog::setPeriod(int days)
{
    const int index = m_period->findData(days);
    if (index >= 0)
        m_period->setCurrentIndex(index);
}

} // namespace scriptorium::ui
