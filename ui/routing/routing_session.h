#pragma once

#include "routing/adaptive_strategy.h"
#include "routing/routing_config.h"
#include "routing/routing_strategy.h"

#include <QObject>
#include <QString>

#include <memory>

namespace scriptorium::ui {

/// The window's one routing brain: the main routing config (the file the routing editor saves,
/// else the shipped defaults) and the strategy built from it with
/// routing::makeRoutingStrategy(). The Generate dock's Router, the Batch dock's runtime and the
/// dashboard's Routing tab all share that one strategy, so what one request teaches it the next
/// one uses, whichever dock sends it.
///
/// The strategy is built at once (cheap) and primed from the open library's recent attempts on
/// a QtConcurrent worker with its own library connection; its estimates are thread-safe, so
/// requests may use it while priming runs. It is rebuilt (new estimates, primed again) when the
/// library changes or a reloaded config changes the strategy settings; `strategyChanged`
/// announces it. A config whose `routing.strategy` is static gives a null strategy: requests
/// then carry the config's own `provider` object, as before issue 12. GUI thread only.
class RoutingSession : public QObject {
    Q_OBJECT

public:
    /// `configPath` empty: routing::defaultRoutingConfigPath(). A missing or unreadable file
    /// gives the defaults (the reason is in loadError()).
    explicit RoutingSession(const QString &configPath = {}, QObject *parent = nullptr);
    ~RoutingSession() override;

    QString configPath() const { return m_configPath; }
    const routing::RoutingConfig &config() const { return m_config; }
    /// Why the file was not used (empty when it was, or when there is none).
    QString loadError() const { return m_loadError; }

    /// The shared strategy; null when the config asks for the static one.
    const std::shared_ptr<routing::RoutingStrategy> &strategy() const { return m_strategy; }
    /// The same strategy when it is adaptive (what the dashboard shows), else null.
    std::shared_ptr<routing::AdaptiveStrategy> adaptive() const;

    /// `config` with this session's `routing` section: a preset chooses the provider object,
    /// the window's config chooses the strategy that orders it.
    routing::RoutingConfig withStrategySettings(routing::RoutingConfig config) const;

    /// Re-reads the config file (after the routing editor saved it). Emits configChanged, and
    /// strategyChanged when the strategy settings changed.
    void reloadConfig();
    /// Uses `config` without reading the file (tests, and callers that already hold it).
    void setConfig(const routing::RoutingConfig &config);
    /// Rebuilds the strategy and primes it from the library at `path` (empty: no library).
    void setLibrary(const QString &path);
    /// True while the library's history is being read into the estimates.
    bool isPriming() const { return m_priming; }

signals:
    void configChanged();
    void strategyChanged();
    /// The library's history was read into the current strategy's estimates (`attempts` rows;
    /// -1 when the library could not be read, which leaves the catalog's figures).
    void primed(int attempts);

private:
    void rebuild();
    void prime();

    QString m_configPath;
    QString m_loadError;
    QString m_libraryPath;
    routing::RoutingConfig m_config;
    std::shared_ptr<routing::EndpointEstimates> m_estimates;
    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    quint64 m_generation = 0; ///< bumped on each rebuild: late priming results are dropped
    bool m_priming = false;
};

} // namespace scriptorium::ui
