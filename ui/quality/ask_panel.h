#pragma once

#include "novel/manuscript_question.h"
#include "ui/batch/batch_bridge.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace scriptorium::ui {

class AuditBridge;

/// Which library, connection and book a question is asked of: the window's at the moment the
/// writer looks the question up (the book selected in the library, or the open chapter's).
struct AskContext {
    QString libraryPath;
    BatchConnection connection;
    std::int64_t bookId = 0;
    QString bookTitle;
};

/// The Ask side panel (View → Ask, Book → Ask the Manuscript…): the writer types a question,
/// sees which chapters the full-text index found and the price of asking, and asks
/// (novel/manuscript_question.h, in the background through AuditBridge). The answer shows with
/// its citations; activating one opens the chapter at the quote while the panel stays beside
/// the editor. GUI thread only.
class AskPanel : public QWidget {
    Q_OBJECT

public:
    /// `context` is asked each time a question is looked up; nullopt (no library or no book)
    /// shows `noBookMessage` and sends nothing.
    AskPanel(AuditBridge *bridge, std::function<std::optional<AskContext>()> context,
             QWidget *parent = nullptr);

    void setQuestion(const QString &question);
    void focusQuestion();
    /// Looks the question up and prices it; false while busy or without a book.
    bool priceQuestion();
    /// Asks for the price shown; false when there is none.
    bool ask();
    bool hasPrice() const { return m_priced; }
    QString answerText() const;
    const std::optional<novel::AskAnswer> &answer() const { return m_answer; }
    QString statusText() const;

signals:
    /// Open chapter `chapterId` with `quote` selected.
    void openRequested(std::int64_t chapterId, const QString &quote);
    void answerArrived();

private:
    void showPrice(const QList<int> &chapters, const novel::AskForecast &price);
    void showAnswer(const novel::AskAnswer &answer);

    AuditBridge *m_bridge;
    std::function<std::optional<AskContext>()> m_context;
    std::optional<AskContext> m_pricedFor; ///< the book and connection the price is for
    QLineEdit *m_question;
    QPushButton *m_price;
    QPushButton *m_ask;
    QLabel *m_book;
    QLabel *m_status;
    QTextBrowser *m_answerView;
    QListWidget *m_citations;
    bool m_priced = false;
    bool m_asking = false;
    bool m_pricing = false;
    std::optional<novel::AskAnswer> m_answer;
};

} // namespace scriptorium::ui
