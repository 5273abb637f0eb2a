#include "ui/routing/routing_session.h"

#include "store/database.h"
#include "store/routing_history.h"
#include "ui/error_messages.h"

#include <filesystem>

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace scriptorium::ui {

namespace {

/// Reads the library's recent attempts into `estimates` (worker thread; own connection).
int primeFrom(const std::string &libraryPath,
              const std::shared_ptr<routing::EndpointEstimates> &estimates)
{
    store::OpenOptions options;
    options.create = false;
    options.checkIntegrity = false; // the window's own connection checked it when it opened
    auto db = store::Database::open(std::filesystem::path(libraryPath), options);
    if (!db)
        return -1;
    auto read = store::primeEstimatesFromHistory(**db, *estimates,
                                                 estimates->settings().historyDays, store::nowMs());
    return read ? *read : -1;
}

} // namespace

RoutingSession::RoutingSession(const QString &configPath, QObject *parent)
    : QObject(parent)
    , m_configPath(configPath.isEmpty()
                       ? QString::fromStdString(routing::defaultRoutingConfigPath().string())
                       : configPath)
{
    setObjectName(QStringLiteral("routingSession"));
    reloadConfig();
}

RoutingSession::~RoutingSession() = default;

std::shared_ptr<routing::AdaptiveStrategy> RoutingSession::adaptive() const
{
    return std::dynamic_pointer_cast<routing::AdaptiveStrategy>(m_strategy);
}

routing::RoutingConfig RoutingSession::withStrategySettings(routing::RoutingConfig config) const
{
    config.routing = m_config.routing;
    return config;
}

void RoutingSession::reloadConfig()
{
    // A small file, read like the LibrarySession opens its library: on the GUI thread.
    auto loaded = routing::RoutingConfig::load(m_configPath.toStdString());
    m_loadError.clear();
    if (!loaded && loaded.error().code != ErrorCode::NotFound)
        m_loadError = errorText(loaded.error());
    setConfig(loaded ? *loaded : routing::RoutingConfig::defaults());
}

void RoutingSession::setConfig(const routing::RoutingConfig &config)
{
    const bool strategyChange = m_generation == 0
        || routing::strategySettingsFor(config) != routing::strategySettingsFor(m_config);
    m_config = config;
    // Other edits (the provider order, prices) keep what the strategy learnt: its estimates
    // are about endpoints, not about the config.
    if (strategyChange)
        rebuild();
    emit configChanged();
}

void RoutingSession::setLibrary(const QString &path)
{
    m_libraryPath = path;
    rebuild();
}

void RoutingSession::rebuild()
{
    ++m_generation;
    m_priming = false;
    if (m_config.routing.strategy == routing::StrategyKind::Static) {
        m_estimates.reset();
        m_strategy.reset();
    } else {
        m_estimates = std::make_shared<routing::EndpointEstimates>(
            Clock::real(), routing::strategySettingsFor(m_config));
        m_strategy = routing::makeRoutingStrategy(m_config, m_estimates);
        prime();
    }
    emit strategyChanged();
}

void RoutingSession::prime()
{
    if (m_libraryPath.isEmpty() || !m_estimates)
        return;
    m_priming = true;
    auto *watcher = new QFutureWatcher<int>(this);
    connect(watcher, &QFutureWatcher<int>::finished, this,
            [this, watcher, generation = m_generation] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return; // rebuilt meanwhile: these estimates are no longer shown or used
                m_priming = false;
                emit primed(watcher->result());
            });
    // The worker holds the estimates, not this object: a window closed meanwhile only leaves
    // the worker to finish into estimates nobody reads.
    watcher->setFuture(QtConcurrent::run(primeFrom, m_libraryPath.toStdString(), m_estimates));
}

} // namespace scriptorium::ui
