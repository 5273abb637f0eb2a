#pragma once

#include "routing/router.h"
#include "util/result.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace scriptorium::net {
class HttpClient;
}

namespace scriptorium::ui {

/// Prices of one model in USD per token, from the catalog.
struct ModelPrice {
    double prompt = 0;
    double completion = 0;
};

/// The GUI's one way to the network: owns the HttpClient (its network thread) and the Router,
/// and re-emits every core callback as a queued signal on the GUI thread, so a slot never runs
/// on the network thread and the GUI thread never waits on it. GUI thread only (configure,
/// start, cancel, shutdown); the signals arrive there in the order the core produced them.
/// Destroying the bridge (or shutdown()) cancels generations in flight, then stops the Router
/// and the client in that order; a generation's `finished` is dropped once the bridge is gone.
class GenerationBridge : public QObject {
    Q_OBJECT

public:
    explicit GenerationBridge(QObject *parent = nullptr);
    ~GenerationBridge() override;

    /// (Re)creates the Router for `baseUrl` with `apiKey` and `config`, ordering providers with
    /// `strategy` (shared with the window; null: the config's own order, the static strategy).
    /// Generations in flight are cancelled first. An empty key is allowed here; start() then
    /// fails with Auth.
    void configure(const QString &baseUrl, const QString &apiKey,
                   routing::RoutingConfig config = routing::RoutingConfig::defaults(),
                   std::shared_ptr<routing::RoutingStrategy> strategy = nullptr);
    bool isConfigured() const { return m_router != nullptr; }
    /// The strategy the Router was configured with (null: static).
    const std::shared_ptr<routing::RoutingStrategy> &strategy() const { return m_strategy; }
    QString baseUrl() const { return m_baseUrl; }

    /// Starts a generation and returns its ticket (the id the signals carry). The model's
    /// endpoints are fetched first (once per model and configuration, in the background) so
    /// the Router can degrade before asking and knows the served precision, as the CLI does;
    /// a start error after that arrives as `finished` with the error. Errors (synchronous, when
    /// the endpoints are already known) as Router::start (Auth for no key, InvalidArgument,
    /// Config); Internal after shutdown().
    Result<quint64> start(routing::GenerationRequest request);
    /// Cancels from the GUI thread; `finished` follows with ErrorCode::Cancelled.
    void cancel(quint64 ticket);
    /// Generations started and not yet finished.
    int running() const { return static_cast<int>(m_running.size()); }

    /// Fetches `<base>/models` in the background; emits catalogLoaded (or catalogFailed).
    void fetchCatalog();
    /// The catalog price of `model`, when the catalog was loaded and lists it.
    std::optional<ModelPrice> price(const QString &model) const;

    /// Cancels everything and stops the Router, then the HttpClient (joins its thread).
    void shutdown();

signals:
    void attemptStarted(quint64 id, const QString &provider, const QString &quantization);
    void firstToken(quint64 id, double ttftMs, const QString &provider, const QString &quantization,
                    bool degraded);
    /// Raw UTF-8 bytes of a content delta (a multi-byte character may be split across two).
    void delta(quint64 id, const QByteArray &utf8);
    void attemptFinished(quint64 id, const scriptorium::routing::AttemptRecord &attempt);
    void finished(quint64 id, const scriptorium::routing::GenerationResult &result);
    void catalogLoaded(const QStringList &models);
    void catalogFailed(const QString &message);

private:
    void stopRouter();
    Result<routing::Router::GenerationId> startRouter(quint64 ticket,
                                                      routing::GenerationRequest request);
    void fetchEndpoints(const QString &model);
    using GetDone = std::function<void(long status, const std::string &body,
                                       const std::optional<Error> &error)>;
    /// GET <base><path> on the network thread; `done` runs on the GUI thread.
    bool getAsync(const QString &path, GetDone done);

    std::unique_ptr<net::HttpClient> m_client;
    std::unique_ptr<routing::Router> m_router;
    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    QString m_baseUrl;
    QString m_apiKey;
    QHash<quint64, routing::Router::GenerationId> m_running;
    quint64 m_lastTicket = 0;
    QHash<QString, ModelPrice> m_prices;
    bool m_catalogPending = false;
    /// Endpoints per model; nullopt when they could not be had (start without them).
    QHash<QString, std::optional<openrouter::ModelEndpoints>> m_endpoints;
    QHash<QString, bool> m_endpointsPending;
    QHash<quint64, routing::GenerationRequest> m_waiting; ///< tickets waiting for endpoints
};

} // namespace scriptorium::ui
