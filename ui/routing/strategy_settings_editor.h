#pragma once

#include "routing/routing_config.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace scriptorium::ui {

/// The routing editor's part for issue 12: the config's `routing` section (strategy, objective,
/// exploration share, cooldown after N failures, its length and the longest it may grow to,
/// precision policy with its
/// acceptable precisions, the cost objective's speed floor) and the three `provider` fields
/// OpenRouter now receives (preferred_min_throughput and preferred_max_latency as p50 numbers,
/// enforce_distillable_text). Fields it does not show (half-life, history days,
/// a threshold's other percentiles, precisions without a box) are kept as loaded. GUI thread.
class StrategySettingsEditor : public QWidget {
    Q_OBJECT

public:
    explicit StrategySettingsEditor(QWidget *parent = nullptr);

    /// Shows `config`'s fields; emits nothing.
    void load(const routing::RoutingConfig &config);
    /// Writes the shown fields into `config` (its `routing` section and base `provider`).
    void apply(routing::RoutingConfig &config) const;

signals:
    /// The writer changed a field.
    void edited();

private:
    void buildUi();
    void updateEnabled();
    void fieldEdited();

    routing::RoutingConfig m_base;
    bool m_loading = false;
    QComboBox *m_strategy = nullptr;
    QComboBox *m_objective = nullptr;
    QDoubleSpinBox *m_exploration = nullptr;
    QSpinBox *m_cooldownFailures = nullptr;
    QDoubleSpinBox *m_cooldown = nullptr;
    QDoubleSpinBox *m_maxCooldown = nullptr;
    QComboBox *m_precisionPolicy = nullptr;
    QList<QCheckBox *> m_acceptable;
    QDoubleSpinBox *m_speedFloor = nullptr;
    QDoubleSpinBox *m_minThroughput = nullptr;
    QDoubleSpinBox *m_maxLatency = nullptr;
    QCheckBox *m_distillable = nullptr;
};

} // namespace scriptorium::ui
