#pragma once

#include <QDialog>
#include <QTimer>

#include <cstdint>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace scriptorium::ui {

/// Full-text search over the library (chapters and story bible). Each query runs on a worker
/// thread with its own Database connection (store::search), so the window never waits on it;
/// only the newest query's results are shown. Activating a chapter hit emits chapterChosen.
class SearchDialog : public QDialog {
    Q_OBJECT

public:
    SearchDialog(const QString &libraryPath, std::int64_t bookId, QWidget *parent = nullptr);

    QLineEdit *queryField() const { return m_query; }
    QTreeWidget *results() const { return m_results; }
    /// Starts a search for the field's text now (instead of after the typing pause).
    void search();

signals:
    void chapterChosen(std::int64_t chapterId, const QString &query);
    void bibleEntryChosen(std::int64_t entryId);
    /// A search finished and its results are shown.
    void searchFinished(int hits);

private:
    QString m_path;
    std::int64_t m_bookId;
    QLineEdit *m_query = nullptr;
    QCheckBox *m_thisBook = nullptr;
    QTreeWidget *m_results = nullptr;
    QLabel *m_message = nullptr;
    QTimer m_debounce;
    int m_generation = 0;
};

} // namespace scriptorium::ui
