#pragma once

#include <QDialog>

#include <cstdint>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace scriptorium::ui {

/// Exports a book to Markdown, plain text or EPUB through the core exporter. Reading the
/// chapters and writing the file run on a worker thread with its own Database connection.
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportDialog(const QString &libraryPath, std::int64_t bookId, const QString &bookTitle,
                 QWidget *parent = nullptr);

    QLineEdit *pathField() const { return m_path; }
    QComboBox *formatBox() const { return m_format; }
    /// Starts the export with the dialog's choices.
    void startExport();

signals:
    /// The export ended: `ok` and, when not, the message shown (core's words are its tooltip).
    void exportFinished(bool ok, const QString &message);

private:
    void formatChanged();
    void browse();

    QString m_library;
    std::int64_t m_bookId;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace scriptorium::ui
