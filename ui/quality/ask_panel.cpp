#include "ui/quality/ask_panel.h"

#include "ui/quality/audit_bridge.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

QString usd(double value)
{
    return QStringLiteral("$%1").arg(value, 0, 'f', value < 1 ? 4 : 2);
}

constexpr int kChapterIdRole = Qt::UserRole;
constexpr int kQuoteRole = Qt::UserRole + 1;

} // namespace

AskPanel::AskPanel(AuditBridge *bridge, std::function<std::optional<AskContext>()> context,
                   QWidget *parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("askPanel"));
    m_question = new QLineEdit(this);
    m_question->setObjectName(QStringLiteral("askQuestion"));
    m_question->setPlaceholderText(tr("When did Mara last see the ledger?"));
    m_price = new QPushButton(tr("Look Up"), this);
    m_ask = new QPushButton(tr("Ask"), this);
    m_ask->setEnabled(false);
    auto *row = new QHBoxLayout;
    row->addWidget(m_question, 1);
    row->addWidget(m_price);
    row->addWidget(m_ask);
    m_book = new QLabel(this);
    m_book->setObjectName(QStringLiteral("askBook"));
    m_status = new QLabel(
        tr("The question is answered from the book's own text: the chapters the library's "
           "search finds, and the story bible. The price is shown before anything is sent."),
        this);
    m_status->setWordWrap(true);
    m_answerView = new QTextBrowser(this);
    m_answerView->setObjectName(QStringLiteral("askAnswer"));
    m_citations = new QListWidget(this);
    m_citations->setObjectName(QStringLiteral("askCitations"));
    m_citations->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_book);
    layout->addWidget(m_status);
    layout->addWidget(m_answerView, 2);
    layout->addWidget(new QLabel(tr("Where it says so (double-click to open):"), this));
    layout->addWidget(m_citations, 1);

    connect(m_question, &QLineEdit::textChanged, this, [this] {
        m_priced = false;
        m_ask->setEnabled(false);
    });
    connect(m_question, &QLineEdit::returnPressed, this, [this] { (void)priceQuestion(); });
    connect(m_price, &QPushButton::clicked, this, [this] { (void)priceQuestion(); });
    connect(m_ask, &QPushButton::clicked, this, [this] { (void)ask(); });
    connect(m_citations, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const auto chapterId = item->data(kChapterIdRole).toLongLong();
        if (chapterId != 0)
            emit openRequested(chapterId, item->data(kQuoteRole).toString());
    });
    // The bridge also runs the continuity audit: only what this panel started is its own.
    connect(m_bridge, &AuditBridge::questionPriced, this, &AskPanel::showPrice);
    connect(m_bridge, &AuditBridge::answered, this, &AskPanel::showAnswer);
    connect(m_bridge, &AuditBridge::failed, this, [this](const QString &message) {
        if (!m_pricing && !m_asking)
            return;
        m_pricing = false;
        m_asking = false;
        m_ask->setEnabled(m_priced);
        m_status->setText(message);
    });
    // The question changed: the price shown is not its price.
    connect(m_question, &QLineEdit::textEdited, this, [this] { m_status->clear(); });
}

void AskPanel::showPrice(const QList<int> &chapters, const novel::AskForecast &price)
{
    if (!m_pricing)
        return;
    m_pricing = false;
    if (chapters.isEmpty()) {
        m_status->setText(tr("No chapter mentions what the question names; rephrase it with a "
                             "name or a thing from the book. Nothing was sent."));
        return;
    }
    QStringList numbers;
    for (const int c : chapters)
        numbers << QString::number(c);
    m_priced = true;
    m_ask->setEnabled(true);
    m_status->setText(tr("Passages from chapters %1. Asking costs about %2 (between %3 and %4).")
                          .arg(numbers.join(QStringLiteral(", ")), usd(price.costUsd.expected),
                               usd(price.costUsd.low), usd(price.costUsd.high)));
}

void AskPanel::showAnswer(const novel::AskAnswer &answer)
{
    if (!m_asking)
        return;
    m_asking = false;
    m_answer = answer;
    m_answerView->setPlainText(QString::fromStdString(answer.answer));
    m_citations->clear();
    for (const novel::AskCitation &c : answer.citations) {
        auto *item = new QListWidgetItem(
            tr("Chapter %1: “%2”").arg(c.position).arg(QString::fromStdString(c.quote))
                + (c.located ? QString() : tr(" (not found in the chapter)")),
            m_citations);
        item->setData(kChapterIdRole, QVariant::fromValue<qlonglong>(c.chapterId));
        item->setData(kQuoteRole, QString::fromStdString(c.quote));
    }
    m_status->setText(tr("Answered for %1.").arg(usd(answer.costUsd)));
    m_ask->setEnabled(true);
    emit answerArrived();
}

void AskPanel::setQuestion(const QString &question)
{
    m_question->setText(question);
}

void AskPanel::focusQuestion()
{
    m_question->setFocus();
    m_question->selectAll();
}

bool AskPanel::priceQuestion()
{
    if (m_pricing || m_asking)
        return false;
    if (m_bridge->isBusy()) {
        m_status->setText(tr("Busy with another reading of the book; try again when it ends."));
        return false;
    }
    auto context = m_context ? m_context() : std::nullopt;
    if (!context || context->bookId == 0) {
        m_book->clear();
        m_status->setText(tr("Select a book in the library first."));
        return false;
    }
    m_book->setText(tr("Asking “%1”").arg(context->bookTitle));
    m_status->setText(tr("Looking the question up…"));
    if (!m_bridge->priceQuestion(context->libraryPath, context->connection, context->bookId,
                                 m_question->text()))
        return false;
    m_pricedFor = std::move(context);
    m_pricing = true;
    return true;
}

bool AskPanel::ask()
{
    if (!m_priced || m_asking || !m_pricedFor
        || !m_bridge->askQuestion(m_pricedFor->libraryPath, m_pricedFor->connection,
                                  m_pricedFor->bookId))
        return false;
    m_asking = true;
    m_ask->setEnabled(false);
    m_status->setText(tr("Asking…"));
    return true;
}

QString AskPanel::answerText() const
{
    return m_answerView->toPlainText();
}

QString AskPanel::statusText() const
{
    return m_status->text();
}

} // namespace scriptorium::ui
