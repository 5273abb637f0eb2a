#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace scriptorium::ui {

class SecretStore;

/// Shown on the first start: enter an OpenRouter key (stored in the SecretStore) or try the
/// offline demo. Records the choice in AppSettings so it is asked only once.
class FirstRunDialog : public QDialog {
    Q_OBJECT

public:
    enum class Choice { None, Key, Demo };

    FirstRunDialog(SecretStore *secrets, QWidget *parent = nullptr);
    Choice choice() const { return m_choice; }

private:
    void useKey();
    void useDemo();

    SecretStore *m_secrets;
    QLineEdit *m_key = nullptr;
    QLabel *m_status = nullptr;
    Choice m_choice = Choice::None;
};

} // namespace scriptorium::ui
