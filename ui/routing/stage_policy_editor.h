#pragma once

#include "routing/routing_config.h"

#include <QList>
#include <QWidget>

#include <map>
#include <string>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace scriptorium::ui {

/// The routing editor's Stages section (issue 13): the config's per-stage policies
/// (`stages`, routing::StageOverride). A list of the stages that have a policy, Add/Remove,
/// and for the selected stage its objective, precision policy, acceptable precisions, speed
/// floor, provider order, required precisions and degrade-to chain, each "inherited" until set.
/// Provider fields it does not show (sort, max_price, …) are kept as loaded. GUI thread.
class StagePolicyEditor : public QWidget {
    Q_OBJECT

public:
    explicit StagePolicyEditor(QWidget *parent = nullptr);

    /// Shows `config`'s stage policies and selects the first; emits nothing.
    void load(const routing::RoutingConfig &config);
    /// Writes the edited policies into `config.stages`.
    void apply(routing::RoutingConfig &config) const;

    /// Adds an empty policy for `stage` (a routing::pipelineStageNames() name) and selects it;
    /// false when the name is unknown or already has one.
    bool addStage(const QString &stage);
    /// Removes the policy of `stage`; false when it has none.
    bool removeStage(const QString &stage);
    /// Shows `stage`'s policy in the form; false when it has none.
    bool selectStage(const QString &stage);
    /// The stages that have a policy, in the list's order.
    QStringList stages() const;

    /// What a stage is, for people ("Drafting a chapter …").
    static QString describe(const QString &stage);

signals:
    /// The writer changed a policy (added, removed or edited one).
    void edited();

private:
    void buildUi();
    void fillList(const QString &select);
    void fillChooser();
    void showStage();
    void formEdited();
    QString current() const;

    std::map<std::string, routing::StageOverride> m_stages;
    bool m_loading = false;

    QListWidget *m_list = nullptr;
    QComboBox *m_chooser = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_description = nullptr;
    QWidget *m_form = nullptr;
    QComboBox *m_objective = nullptr;
    QComboBox *m_precisionPolicy = nullptr;
    QGroupBox *m_acceptableBox = nullptr;
    QList<QCheckBox *> m_acceptable;
    QDoubleSpinBox *m_minThroughput = nullptr;
    QLineEdit *m_order = nullptr;
    QGroupBox *m_requireBox = nullptr;
    QList<QCheckBox *> m_require;
    QGroupBox *m_degradeBox = nullptr;
    QList<QCheckBox *> m_degrade;
};

} // namespace scriptorium::ui
