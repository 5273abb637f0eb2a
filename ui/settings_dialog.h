#pragma once

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QFontComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace scriptorium::ui {

class SecretStore;

/// Settings: the OpenRouter key (kept in the SecretStore, never in QSettings), base URL,
/// default model, generation defaults, editor font and line spacing, and the language (applied
/// on restart). The theme follows the system; there is nothing to choose.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(SecretStore *secrets, QWidget *parent = nullptr);

    void accept() override;

signals:
    /// Font or line spacing changed; the editor applies them at once.
    void editorSettingsChanged();

private:
    SecretStore *m_secrets;
    QLineEdit *m_key = nullptr;
    QLabel *m_keyStatus = nullptr;
    QString m_loadedKey;
    bool m_keyLoaded = false;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QComboBox *m_language = nullptr;
    QFontComboBox *m_font = nullptr;
    QSpinBox *m_fontSize = nullptr;
    QSpinBox *m_lineSpacing = nullptr;
};

} // namespace scriptorium::ui
