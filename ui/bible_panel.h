#pragma once

#include "store/bible_store.h"
#include "util/result.h"

#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <map>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace scriptorium::ui {

class LibrarySession;

/// The story bible of the selected book: premise and style guide, then characters, places,
/// items and lore as named entries with aliases and notes. Edits are saved 800 ms after the
/// writer stops typing and whenever the book changes (flush()). Entries an analysis of the
/// writer's chapters derived are marked "to review" with the chapter they come from, until the
/// writer accepts them (one, or all at once); prompts use only accepted entries.
class BiblePanel : public QWidget {
    Q_OBJECT

public:
    explicit BiblePanel(QWidget *parent = nullptr);

    void setSession(LibrarySession *session);
    void setBook(std::int64_t bookId);
    std::int64_t bookId() const { return m_bookId; }
    /// Saves pending edits now; core's error (also emitted as saveFailed) when a write failed,
    /// the first one when several did.
    Status flush();

    QPlainTextEdit *premiseEdit() const { return m_premise; }
    QPlainTextEdit *styleEdit() const { return m_style; }
    /// Adds an entry of `kind` named `name` and selects it; returns its id or 0.
    Result<std::int64_t> addEntry(store::BibleKind kind, const QString &name);
    QListWidget *entryList(store::BibleKind kind) const;
    /// Marks entry `entryId` reviewed: prompts use it from now on.
    Status acceptEntry(std::int64_t entryId);
    /// Marks every entry of the book waiting for review reviewed; returns how many.
    Result<int> acceptAll();
    /// Entries of the book waiting for review.
    int unreviewedCount() const { return m_unreviewed; }
    /// Reloads the book's entries (after an analysis added some).
    void reload();
    QPushButton *acceptAllButton() const { return m_acceptAll; }
    /// The "from chapter N" line of the entry shown on `kind`'s page.
    QString provenanceText(store::BibleKind kind) const;

signals:
    /// A write failed, including the debounced saves no caller waits for.
    void saveFailed(const scriptorium::Error &error);

private:
    struct KindPage {
        QWidget *widget = nullptr;
        QListWidget *list = nullptr;
        QLineEdit *name = nullptr;
        QLineEdit *aliases = nullptr;
        QPlainTextEdit *text = nullptr;
        QLabel *provenance = nullptr;
        QPushButton *accept = nullptr;
        std::int64_t entryId = 0;
        bool dirty = false;
    };

    QWidget *createKindPage(store::BibleKind kind);
    void loadEntries(store::BibleKind kind, std::int64_t selectId = 0);
    void showEntry(store::BibleKind kind, std::int64_t entryId);
    void setEnabledForBook();
    void updateReviewBar();

    LibrarySession *m_session = nullptr;
    std::int64_t m_bookId = 0;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_premise = nullptr;
    QPlainTextEdit *m_style = nullptr;
    QWidget *m_reviewBar = nullptr;
    QLabel *m_reviewNote = nullptr;
    QPushButton *m_acceptAll = nullptr;
    int m_unreviewed = 0;
    bool m_bookDirty = false;
    bool m_loading = false;
    std::map<store::BibleKind, KindPage> m_pages;
    QTimer m_saveTimer;
};

} // namespace scriptorium::ui
