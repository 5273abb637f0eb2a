#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include <QObject>
#include <QString>

#include "routing/routing_config.h"
#include "routing/routing_strategy.h"
#include "util/result.h"

class QTemporaryDir;
class QWidget;

namespace scriptorium::store {
class Database;
}

namespace scriptorium::novel {
class PipelineRuntime;
class RuntimeStopper;
class SharedDatabase;
} // namespace scriptorium::novel

namespace scriptorium::ui {

/// The application's routing core: one novel::PipelineRuntime per (base URL, API key, library
/// file), started off the GUI thread and shared by everything that talks to the server — the
/// Generate dock's single generations, the Batch dock's runs (each with its own preset and
/// cap), the dashboard's balance (/key) and the routing editor's model and endpoint lists. So
/// the window holds one HTTP client, one catalog and one Router, and the window's one routing
/// strategy learns from all of them.
///
/// GUI thread only, except Access, which worker threads use to wait for the runtime. A runtime
/// replaced by another connection is released off the GUI thread; whoever still holds it (a
/// batch running on it) keeps it until done. shutdown() (and the destructor) stops the network
/// at once (novel::RuntimeStopper, PipelineRuntime::shutdown) and joins every thread it started.
class AppRuntime : public QObject {
    Q_OBJECT

public:
    /// A started runtime with its own library connection (the GUI thread's is not shared
    /// across threads). Destroyed in order: the runtime (its generations end and are
    /// recorded), then the library. Shared with worker threads; its last holder destroys it.
    struct Live {
        QString baseUrl;
        QString apiKey;
        QString libraryPath;
        std::unique_ptr<store::Database> db;
        std::unique_ptr<novel::SharedDatabase> shared;
        std::unique_ptr<novel::PipelineRuntime> runtime;
        ~Live();
    };

    /// The runtime for worker threads: waits (bounded) while it starts. Thread-safe.
    class Access {
    public:
        /// The runtime serving the current connection, waiting up to `timeout` while it
        /// starts (or until `stop` is requested). Errors: why it could not start; Cancelled
        /// after shutdown(), a stop or a timeout.
        Result<std::shared_ptr<Live>> await(std::chrono::milliseconds timeout
                                            = std::chrono::seconds(60),
                                            std::stop_token stop = {});

    private:
        friend class AppRuntime;
        void set(std::shared_ptr<Live> live, std::optional<Error> error, bool starting);

        std::mutex m_mutex;
        std::condition_variable_any m_changed;
        std::shared_ptr<Live> m_live;
        std::optional<Error> m_error;
        bool m_starting = false;
        bool m_closed = false;
    };

    explicit AppRuntime(QObject *parent = nullptr);
    ~AppRuntime() override;

    /// The runtime owned by `object` or its nearest ancestor that owns one (a main window's),
    /// else null.
    static AppRuntime *of(const QObject *object);
    /// of(owner), else a new one owned by owner's window (a dashboard or editor opened outside
    /// a main window, as in tests).
    static AppRuntime *ensureFor(QWidget *owner);

    /// Serves (`baseUrl`, `apiKey`, `libraryPath`) from now on: when any of them or `strategy`
    /// differs from what the current runtime serves, starts a new one in the background (its
    /// Router routes by `config` unless a request carries its own) and releases the old one;
    /// else nothing happens. `ready` or `failed` follows a start.
    void use(const QString &baseUrl, const QString &apiKey, const QString &libraryPath,
             routing::RoutingConfig config = routing::RoutingConfig::defaults(),
             std::shared_ptr<routing::RoutingStrategy> strategy = nullptr);
    /// For catalog reads (model and endpoint lists, which need neither a library nor, on
    /// OpenRouter, a key): keeps the current runtime when it serves `baseUrl` (and
    /// `libraryPath`, when one is given), else use()s the connection, on a scratch library
    /// when none is open.
    void useForCatalog(const QString &baseUrl, const QString &apiKey, const QString &libraryPath);

    /// The runtime serving the current connection; null while it starts, after a failure,
    /// before use() and after shutdown().
    const std::shared_ptr<Live> &current() const { return m_live; }
    bool isStarting() const { return m_starting; }
    /// Why the last start failed, while nothing else was started since.
    const std::optional<Error> &failure() const { return m_failure; }
    bool serves(const QString &baseUrl, const QString &apiKey, const QString &libraryPath) const;
    const std::shared_ptr<Access> &access() const { return m_access; }
    /// How many runtimes this owner has started (one per connection and library).
    int startCount() const { return m_startCount; }

    /// Stops the network of the current runtime (and of one still starting) at once, releases
    /// it and joins every thread. Idempotent.
    void shutdown();

signals:
    /// current() serves the connection last passed to use().
    void ready();
    /// The runtime for the connection last passed to use() could not start: failure().
    void failed();

private:
    void retire(std::shared_ptr<Live> live);
    void spawn(std::function<void(int id)> work);
    void joinThread(int id);

    bool m_stopped = false;
    bool m_starting = false;
    QString m_baseUrl;
    QString m_apiKey;
    QString m_libraryPath;
    std::shared_ptr<routing::RoutingStrategy> m_strategy;
    std::shared_ptr<Live> m_live;
    std::optional<Error> m_failure;
    std::shared_ptr<Access> m_access = std::make_shared<Access>();
    std::shared_ptr<novel::RuntimeStopper> m_stopper; ///< of the runtime being started
    quint64 m_generation = 0; ///< which use() a started runtime belongs to
    int m_startCount = 0;
    std::unique_ptr<QTemporaryDir> m_scratch; ///< the library of catalog-only runtimes
    std::map<int, std::thread> m_threads;
    int m_lastThread = 0;
};

} // namespace scriptorium::ui
