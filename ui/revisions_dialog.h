#pragma once

#include "util/result.h"

#include <QDialog>

#include <cstdint>

class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace scriptorium::ui {

class LibrarySession;

/// A chapter's history: every kept body with when and by what it was replaced (for a
/// generation: model, provider, precision and cost), a side-by-side paragraph diff against the
/// current body, and Restore (which itself keeps the current body as a revision).
class RevisionsDialog : public QDialog {
    Q_OBJECT

public:
    /// `currentBody` is the editor's text (already saved by the caller).
    RevisionsDialog(LibrarySession *session, std::int64_t chapterId, const QString &currentBody,
                    QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    /// Restores the selected revision and closes the dialog; else core's error, which the
    /// dialog shows (errorText()).
    Status restoreSelected();

signals:
    void restored(std::int64_t chapterId);

private:
    void load();
    void showDiff();
    void showError(const Error &error);

    LibrarySession *m_session;
    std::int64_t m_chapterId;
    QString m_current;
    QTreeWidget *m_list = nullptr;
    QTextBrowser *m_old = nullptr;
    QTextBrowser *m_new = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_restore = nullptr;
};

} // namespace scriptorium::ui
