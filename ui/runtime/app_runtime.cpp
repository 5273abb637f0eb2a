#include "ui/runtime/app_runtime.h"

#include <utility>

#include <QDir>
#include <QTemporaryDir>
#include <QWidget>

#include "novel/pipeline_runtime.h"
#include "novel/shared_database.h"
#include "routing/api_key.h"
#include "store/database.h"
#include "ui/library_session.h"

namespace scriptorium::ui {

AppRuntime::Live::~Live()
{
    runtime.reset();
    shared.reset();
    db.reset();
}

Result<std::shared_ptr<AppRuntime::Live>>
AppRuntime::Access::await(std::chrono::milliseconds timeout, std::stop_token stop)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, stop, timeout, [this] { return !m_starting || m_closed; });
    if (m_live && !m_closed)
        return m_live;
    if (m_error && !m_closed)
        return fail(*m_error);
    return fail(ErrorCode::Cancelled, "the connection to the server is not running",
                m_closed ? "the window is closing" : "it did not start in time");
}

void AppRuntime::Access::set(std::shared_ptr<Live> live, std::optional<Error> error, bool starting)
{
    std::shared_ptr<Live> previous;
    {
        std::lock_guard lock(m_mutex);
        previous = std::exchange(m_live, std::move(live));
        m_error = std::move(error);
        m_starting = starting;
        if (!starting && !m_live && !m_error)
            m_closed = true;
    }
    m_changed.notify_all();
    // The caller (the GUI thread) still holds `previous`: it is not destroyed here.
}

AppRuntime::AppRuntime(QObject *parent)
    : QObject(parent)
{
}

AppRuntime::~AppRuntime()
{
    shutdown();
}

AppRuntime *AppRuntime::of(const QObject *object)
{
    for (const QObject *o = object; o; o = o->parent()) {
        if (auto *runtime = o->findChild<AppRuntime *>(QString(), Qt::FindDirectChildrenOnly))
            return runtime;
    }
    return nullptr;
}

AppRuntime *AppRuntime::ensureFor(QWidget *owner)
{
    if (AppRuntime *runtime = of(owner))
        return runtime;
    return new AppRuntime(owner->window());
}

void AppRuntime::spawn(std::function<void(int id)> work)
{
    const int id = ++m_lastThread;
    m_threads.emplace(id, std::thread([work = std::move(work), id] { work(id); }));
}

void AppRuntime::joinThread(int id)
{
    if (auto it = m_threads.find(id); it != m_threads.end()) {
        if (it->second.joinable())
            it->second.join();
        m_threads.erase(it);
    }
}

bool AppRuntime::serves(const QString &baseUrl, const QString &apiKey,
                        const QString &libraryPath) const
{
    return (m_live || m_starting) && baseUrl == m_baseUrl && apiKey == m_apiKey
        && libraryPath == m_libraryPath;
}

void AppRuntime::useForCatalog(const QString &baseUrl, const QString &apiKey,
                               const QString &libraryPath)
{
    const bool sameServer = (m_live || m_starting) && baseUrl == m_baseUrl;
    if (sameServer && (libraryPath.isEmpty() || libraryPath == m_libraryPath))
        return;
    QString path = libraryPath;
    if (path.isEmpty()) {
        // Nothing is recorded by catalog reads; the runtime still needs a library to start.
        if (!m_scratch)
            m_scratch = std::make_unique<QTemporaryDir>();
        path = QDir(m_scratch->path()).filePath(QStringLiteral("catalog.db"));
    }
    use(baseUrl, apiKey, path, routing::RoutingConfig::defaults(), m_strategy);
}

void AppRuntime::use(const QString &baseUrl, const QString &apiKey, const QString &libraryPath,
                     routing::RoutingConfig config,
                     std::shared_ptr<routing::RoutingStrategy> strategy)
{
    if (m_stopped)
        return;
    if (serves(baseUrl, apiKey, libraryPath) && strategy == m_strategy)
        return;
    if (m_stopper)
        m_stopper->stop(); // a runtime still starting gives up its catalog fetch
    retire(std::move(m_live));
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    m_libraryPath = libraryPath;
    m_strategy = std::move(strategy);
    m_failure.reset();
    m_starting = true;
    m_access->set(nullptr, std::nullopt, true);
    ++m_startCount;
    const quint64 generation = ++m_generation;
    m_stopper = std::make_shared<novel::RuntimeStopper>();
    novel::RoutingSetup setup;
    setup.baseUrl = toStd(baseUrl);
    setup.apiKey = routing::ApiKey(toStd(apiKey));
    setup.config = std::move(config);
    setup.stopper = m_stopper;
    setup.strategy = m_strategy;
    auto live = std::make_shared<Live>();
    live->baseUrl = baseUrl;
    live->apiKey = apiKey;
    live->libraryPath = libraryPath;
    spawn([this, generation, live, setup = std::move(setup),
           path = toStd(libraryPath)](int id) mutable {
        std::optional<Error> error;
        if (auto db = store::Database::open(path)) {
            live->db = std::move(*db);
            live->shared = std::make_unique<novel::SharedDatabase>(*live->db);
            if (auto started = novel::PipelineRuntime::start(*live->shared, std::move(setup)))
                live->runtime = std::move(*started);
            else
                error = started.error();
        } else {
            error = db.error();
        }
        QMetaObject::invokeMethod(
            this,
            [this, id, generation, live = std::move(live), error]() mutable {
                joinThread(id);
                if (generation != m_generation || m_stopped) {
                    retire(std::move(live)); // used with another connection meanwhile
                    return;
                }
                m_stopper.reset();
                m_starting = false;
                if (error) {
                    m_failure = error;
                    m_access->set(nullptr, error, false);
                    retire(std::move(live));
                    emit failed();
                    return;
                }
                m_live = live;
                m_access->set(live, std::nullopt, false);
                emit ready();
            },
            Qt::QueuedConnection);
    });
}

void AppRuntime::retire(std::shared_ptr<Live> live)
{
    if (!live)
        return;
    // Destroying it joins its network thread and records what was in flight: off the GUI
    // thread. A batch still running on it holds it until it ends.
    spawn([this, live = std::move(live)](int id) mutable {
        live.reset();
        QMetaObject::invokeMethod(
            this, [this, id] { joinThread(id); }, Qt::QueuedConnection);
    });
}

void AppRuntime::shutdown()
{
    if (m_stopped && m_threads.empty())
        return;
    m_stopped = true;
    m_starting = false;
    if (m_stopper)
        m_stopper->stop();
    m_access->set(nullptr, std::nullopt, false); // waiting workers give up
    if (m_live && m_live->runtime)
        m_live->runtime->shutdown(); // cancels everything without waiting for cost checks
    retire(std::move(m_live));
    for (auto &[id, thread] : m_threads)
        if (thread.joinable())
            thread.join();
    m_threads.clear();
}

} // namespace scriptorium::ui
