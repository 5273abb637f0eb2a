#pragma once

#include "store/quality_store.h"

#include <QDialog>
#include <QString>

#include <cstdint>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace scriptorium::ui {

class LibrarySession;

/// Book → Quality Findings…: what the local checks and the continuity audit found in a
/// book's chapters, newest generation first, with the provider and precision that wrote each
/// text. The writer marks a finding intentional (it is hidden and never comes back, also
/// after a regeneration) or opens it in the editor at its quote. Reads the library on the GUI
/// thread (one indexed query per chapter). GUI thread only.
class FindingsDialog : public QDialog {
    Q_OBJECT

public:
    FindingsDialog(LibrarySession *session, std::int64_t bookId, QWidget *parent = nullptr);

    /// Reads the findings again (after an audit, or a mark).
    void reload();
    /// The findings listed now, in display order (tests).
    const std::vector<store::StoredFinding> &listed() const { return m_listed; }
    /// Marks the finding in row `row` intentional (or takes the mark back) and reloads.
    bool setIntentional(int row, bool intentional);

    /// The translated name of a finding kind ("repetition" → "Repetition").
    static QString kindText(const std::string &kind);

signals:
    /// Open chapter `chapterId` and select `quote` in it.
    void openRequested(std::int64_t chapterId, const QString &quote);

private:
    void updateButtons();

    LibrarySession *m_session;
    std::int64_t m_bookId;
    QTreeWidget *m_list;
    QCheckBox *m_showIntentional;
    QLabel *m_summary;
    QPushButton *m_mark;
    QPushButton *m_open;
    std::vector<store::StoredFinding> m_listed;
};

} // namespace scriptorium::ui
