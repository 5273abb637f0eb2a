#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTreeWidget;

namespace scriptorium::ui {

/// Lists the keyboard shortcuts of the given actions. Built from the live actions, so the list
/// can never drift from what the keys really do.
class ShortcutsDialog : public QDialog {
    Q_OBJECT

public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    QTreeWidget *table() const { return m_table; }

private:
    QTreeWidget *m_table = nullptr;
};

} // namespace scriptorium::ui
