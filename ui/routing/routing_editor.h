#pragma once

#include "openrouter/catalog_json.h"
#include "routing/routing_config.h"
#include "routing/routing_validator.h"
#include "util/result.h"

#include <QDialog>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QListWidget;
class QTableWidget;
class QTimer;

namespace scriptorium::ui {

class RoutingPresets;
class StagePolicyEditor;
class StrategySettingsEditor;

/// The routing editor (issue 8): for a chosen model, the live endpoint list (provider, tag,
/// precision, prices per million, context, status); the provider order (drag to reorder, add
/// from the endpoint list); allow fallbacks; sort; precisions to require and to degrade to; max
/// price; the `routing` section and the provider's performance thresholds (issue 12, a
/// StrategySettingsEditor); the per-stage policies (issue 13, a StagePolicyEditor); validation
/// findings, each with its fix, re-checked as you edit
/// (offline at once, online against the catalog when a validator is set, off the GUI thread);
/// and presets. Edits the base `provider` object, the degrade-to chain, the `routing` section
/// and the `stages` of a RoutingConfig. GUI thread.
class RoutingEditor : public QWidget {
    Q_OBJECT

public:
    using EndpointLoader = std::function<Result<openrouter::ModelEndpoints>(const std::string &)>;
    using OnlineValidator
        = std::function<routing::ValidationReport(const routing::RoutingConfig &)>;

    explicit RoutingEditor(const routing::RoutingConfig &config, QWidget *parent = nullptr);

    /// Loads endpoints for the chosen model (off the GUI thread).
    void setEndpointLoader(EndpointLoader loader);
    void setOnlineValidator(OnlineValidator validator);
    /// Where presets live; null hides nothing but disables saving.
    void setPresets(RoutingPresets *presets);

    /// The edited config.
    routing::RoutingConfig config() const;
    void setConfig(const routing::RoutingConfig &config);
    /// The findings shown now (offline plus the last online check).
    const routing::ValidationReport &findings() const { return m_findings; }

    /// Widgets, for tests and keyboard-driven use.
    QListWidget *orderList() const { return m_order; }
    QTableWidget *endpointTable() const { return m_endpoints; }
    QComboBox *modelChooser() const { return m_model; }
    QListWidget *findingList() const { return m_findingList; }
    QCheckBox *allowFallbacks() const { return m_allowFallbacks; }
    QComboBox *sortChooser() const { return m_sort; }
    StrategySettingsEditor *strategyEditor() const { return m_strategy; }
    StagePolicyEditor *stageEditor() const { return m_stages; }

    /// Moves the provider at `from` to `to` in the order (what a drag does).
    void moveProvider(int from, int to);
    /// Adds the endpoint list's provider at `row` to the end of the order.
    void addEndpointToOrder(int row);
    /// Loads the chosen model's endpoints now.
    void reloadEndpoints();

signals:
    void configChanged();
    void endpointsLoaded();
    void findingsChanged();

private:
    void buildUi();
    void edited();
    void validate();
    void showFindings();
    void fillEndpoints(const openrouter::ModelEndpoints &endpoints);
    void savePreset();
    void loadPreset(const QString &name);

    routing::RoutingConfig m_base;
    EndpointLoader m_loader;
    OnlineValidator m_online;
    RoutingPresets *m_presets = nullptr;
    routing::ValidationReport m_findings;
    routing::ValidationReport m_onlineFindings;
    QTimer *m_onlineTimer = nullptr;
    bool m_loading = false;

    QComboBox *m_model = nullptr;
    QTableWidget *m_endpoints = nullptr;
    QListWidget *m_order = nullptr;
    QCheckBox *m_allowFallbacks = nullptr;
    QComboBox *m_sort = nullptr;
    QList<QCheckBox *> m_require;
    QList<QCheckBox *> m_degrade;
    QDoubleSpinBox *m_maxPrompt = nullptr;
    QDoubleSpinBox *m_maxCompletion = nullptr;
    StrategySettingsEditor *m_strategy = nullptr;
    StagePolicyEditor *m_stages = nullptr;
    QListWidget *m_findingList = nullptr;
    QComboBox *m_presetChooser = nullptr;
};

/// The editor in a dialog over a config file: OK validates and saves it atomically.
class RoutingEditorDialog : public QDialog {
    Q_OBJECT

public:
    /// `path` empty: routing::defaultRoutingConfigPath(). A missing file starts from defaults.
    explicit RoutingEditorDialog(const QString &path = {}, QWidget *parent = nullptr);
    RoutingEditor *editor() const { return m_editor; }
    void accept() override;

private:
    QString m_path;
    RoutingEditor *m_editor = nullptr;
};

} // namespace scriptorium::ui
