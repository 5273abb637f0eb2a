#pragma once

#include <QTextDocument>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTextEdit;

namespace scriptorium::ui {

/// Replaces every match of `needle` in `document` as one undo step; returns the count. The
/// chapters that are not open go through novel::replaceAll (novel/book_replace.h), which finds
/// the same matches.
int replaceAllInDocument(QTextDocument *document, const QString &needle, const QString &with,
                         QTextDocument::FindFlags flags);

/// The find-and-replace bar under the editor. Searching the open chapter happens here; for
/// the whole book it emits `replaceInBookRequested`, which the window serves with the store.
class FindBar : public QWidget {
    Q_OBJECT

public:
    explicit FindBar(QTextEdit *editor, QWidget *parent = nullptr);

    /// Shows the bar; with `replace` the replace row too. Seeds the field with the selection.
    void activate(bool replace);
    bool findNext(bool backwards = false);
    int replaceAll();
    void replaceCurrent();

    QLineEdit *findField() const { return m_find; }
    QLineEdit *replaceField() const { return m_replace; }
    QTextDocument::FindFlags flags() const;
    bool wholeBook() const;
    void setWholeBook(bool wholeBook);
    /// Shows a result line such as "3 replaced".
    void showMessage(const QString &message);

signals:
    void replaceInBookRequested(const QString &needle, const QString &with,
                                QTextDocument::FindFlags flags);
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void setReplaceVisible(bool visible);

    QTextEdit *m_editor;
    QLineEdit *m_find = nullptr;
    QLineEdit *m_replace = nullptr;
    QCheckBox *m_matchCase = nullptr;
    QCheckBox *m_wholeWords = nullptr;
    QComboBox *m_scope = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_replaceRow = nullptr;
};

} // namespace scriptorium::ui
