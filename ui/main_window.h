#pragma once

#include <QMainWindow>

class QDockWidget;
class QPlainTextEdit;
class QStandardItemModel;
class QTreeView;

namespace scriptorium::ui {

class LengthIndicator;

/// The writer's main window: the book/chapter tree in a dock, the chapter editor in the
/// centre, and the status bar with the live length count. Remembers its geometry and dock
/// layout across runs.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    QTreeView *libraryTree() const { return m_libraryTree; }
    QPlainTextEdit *editor() const { return m_editor; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();

    QDockWidget *m_libraryDock = nullptr;
    QTreeView *m_libraryTree = nullptr;
    QStandardItemModel *m_libraryModel = nullptr;
    QPlainTextEdit *m_editor = nullptr;
    LengthIndicator *m_lengthIndicator = nullptr;
};

} // namespace scriptorium::ui
