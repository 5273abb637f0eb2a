#pragma once

#include "novel/manuscript_question.h"
#include "ui/batch/batch_bridge.h"

#include <QDialog>
#include <QString>

#include <cstdint>
#include <optional>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTextBrowser;

namespace scriptorium::ui {

class AuditBridge;

/// Book → Ask the Manuscript…: the writer types a question, sees which chapters the
/// full-text index found and the price of asking, and asks (novel/manuscript_question.h, in
/// the background through AuditBridge). The answer shows with its citations; activating one
/// opens the chapter at the quote. GUI thread only.
class AskDialog : public QDialog {
    Q_OBJECT

public:
    AskDialog(AuditBridge *bridge, QString libraryPath, BatchConnection connection,
              std::int64_t bookId, QWidget *parent = nullptr);

    void setQuestion(const QString &question);
    /// Looks the question up and prices it; false while busy.
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
    AuditBridge *m_bridge;
    QString m_libraryPath;
    BatchConnection m_connection;
    std::int64_t m_bookId;
    QLineEdit *m_question;
    QPushButton *m_price;
    QPushButton *m_ask;
    QLabel *m_status;
    QTextBrowser *m_answerView;
    QListWidget *m_citations;
    bool m_priced = false;
    bool m_asking = false;
    std::optional<novel::AskAnswer> m_answer;
};

} // namespace scriptorium::ui
