#pragma once

#include "novel/text_generator.h"
#include "routing/router.h"
#include "util/result.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>
#include <vector>

namespace scriptorium::ui {

class AppRuntime;

/// Prices of one model in USD per token, from the catalog.
struct ModelPrice {
    double prompt = 0;
    double completion = 0;
};

/// The window's single generations go through the application's one core runtime (AppRuntime:
/// the same novel::PipelineRuntime the Batch dock, the dashboard and the routing editor use;
/// PipelineRuntime::startSingle): it records the generation before sending, streams its text
/// into the library, attaches the model's endpoints from its own catalog and records the
/// attempts with StreamMeter's figures. This bridge only forwards each generation with its
/// routing config (the book's preset) and re-posts every callback to the GUI thread as a
/// queued signal, in the order the core produced them.
/// GUI thread only. Destroying the bridge (or shutdown()) cancels its generations in flight;
/// signals of a gone bridge are dropped. The runtime stays with its owner.
class GenerationBridge : public QObject {
    Q_OBJECT

public:
    /// Generates on `runtime` (the window's); null → a runtime of its own (benchmarks).
    explicit GenerationBridge(AppRuntime *runtime = nullptr, QObject *parent = nullptr);
    ~GenerationBridge() override;

    /// Generates through the runtime for `baseUrl` with `apiKey` on the library file
    /// `libraryPath` (started in the background when it is not running yet: generations
    /// started meanwhile wait for it), routing each request by `config` and ordering providers
    /// with `strategy` (shared with the window; null: the config's own). Generations in flight
    /// on another connection are cancelled.
    void configure(const QString &baseUrl, const QString &apiKey, const QString &libraryPath,
                   routing::RoutingConfig config = routing::RoutingConfig::defaults(),
                   std::shared_ptr<routing::RoutingStrategy> strategy = nullptr);
    bool isConfigured() const { return m_configured; }
    /// The strategy the runtime was configured with (null: static).
    const std::shared_ptr<routing::RoutingStrategy> &strategy() const { return m_strategy; }
    QString baseUrl() const { return m_baseUrl; }
    QString libraryPath() const { return m_libraryPath; }

    /// Starts a generation and returns its ticket (the id the signals carry). Errors: Internal
    /// before configure() or after shutdown(); a failure later (the library, the Router)
    /// arrives as `finished` with the error.
    Result<quint64> start(novel::GenerationTask task);
    /// Cancels from the GUI thread; `finished` follows with ErrorCode::Cancelled.
    void cancel(quint64 ticket);
    /// Generations started and not yet finished.
    int running() const { return static_cast<int>(m_tickets.size() + m_waiting.size()); }

    /// Loads the model list of `baseUrl` in the background through the application's runtime
    /// (started for that server when it is not running); emits catalogLoaded (or
    /// catalogFailed).
    void fetchCatalog(const QString &baseUrl, const QString &apiKey);
    /// The catalog price of `model`, when the catalog was loaded and lists it.
    std::optional<ModelPrice> price(const QString &model) const;

    /// Cancels this bridge's generations and joins its threads (the runtime stays with its
    /// owner).
    void shutdown();

signals:
    /// The generation has its library row (before anything is sent).
    void recorded(quint64 id, qint64 recordId);
    void attemptStarted(quint64 id, const QString &provider, const QString &quantization);
    void firstToken(quint64 id, double ttftMs, const QString &provider, const QString &quantization,
                    bool degraded);
    /// Raw UTF-8 bytes of a content delta (a multi-byte character may be split across two).
    void delta(quint64 id, const QByteArray &utf8);
    void attemptFinished(quint64 id, const scriptorium::routing::AttemptRecord &attempt);
    /// The generation ended and is recorded as library row `recordId` (0 when it could not
    /// be recorded: `recordError` says why).
    void finished(quint64 id, const scriptorium::routing::GenerationResult &result, qint64 recordId,
                  const QString &recordError);
    void catalogLoaded(const QStringList &models);
    void catalogFailed(const QString &message);

private:
    struct Running; ///< a generation's runtime and its ticket there
    struct Relay; ///< lets network-thread callbacks reach this bridge while it lives
    void startNow(quint64 ticket, novel::GenerationTask task);
    void startWaiting();
    void failWaiting();
    void fail(quint64 ticket, const Error &error);
    void cancelAll();

    QPointer<AppRuntime> m_app;
    bool m_configured = false;
    bool m_stopped = false;
    QString m_baseUrl;
    QString m_apiKey;
    QString m_libraryPath;
    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    std::shared_ptr<const routing::RoutingConfig> m_config; ///< every request's routing
    std::shared_ptr<Relay> m_relay;
    /// Catalog work: each joined when it reports back, the rest at shutdown().
    std::map<int, std::thread> m_threads;
    std::stop_source m_stop; ///< requested by shutdown(): catalog reads stop waiting
    int m_lastThread = 0;
    void spawn(std::function<void(int id)> work);
    void joinThread(int id);
    QHash<quint64, std::shared_ptr<Running>> m_tickets;
    QList<QPair<quint64, novel::GenerationTask>> m_waiting; ///< started before the runtime
    quint64 m_lastTicket = 0;
    QHash<QString, ModelPrice> m_prices;
    bool m_catalogPending = false;
};

} // namespace scriptorium::ui
