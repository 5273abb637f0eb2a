#include "ui/generation/generation_bridge.h"

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "net/http_client.h"

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

double priceOf(const nlohmann::json &pricing, const char *key)
{
    if (!pricing.is_object() || !pricing.contains(key))
        return 0;
    const auto &value = pricing[key];
    if (value.is_number())
        return value.get<double>();
    if (value.is_string()) {
        try {
            return std::stod(value.get<std::string>());
        } catch (const std::exception &) {
            return 0;
        }
    }
    return 0;
}

} // namespace

GenerationBridge::GenerationBridge(QObject *parent)
    : QObject(parent)
    , m_client(std::make_unique<net::HttpClient>())
{
}

GenerationBridge::~GenerationBridge()
{
    shutdown();
}

void GenerationBridge::configure(const QString &baseUrl, const QString &apiKey,
                                 routing::RoutingConfig config)
{
    if (!m_client)
        return;
    stopRouter();
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    routing::Router::Options options;
    options.baseUrl = baseUrl.toStdString();
    options.config = std::move(config);
    options.apiKey = routing::ApiKey(apiKey.toStdString());
    m_router = std::make_unique<routing::Router>(*m_client, std::move(options));
}

Result<quint64> GenerationBridge::start(routing::GenerationRequest request)
{
    if (!m_router)
        return fail(ErrorCode::Internal, "The generation service is not running.",
                    "restart Scriptorium");
    // Every callback runs on the network thread: it only copies what it needs and posts to
    // this object, whose queued call runs on the GUI thread (dropped if the bridge is gone).
    const quint64 ticket = ++m_lastTicket;
    routing::GenerationCallbacks callbacks;
    callbacks.onAttemptStarted = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this,
            [this, gid = ticket, provider = q(attempt.provider), quant = q(attempt.quantization)] {
                emit attemptStarted(gid, provider, quant);
            },
            Qt::QueuedConnection);
    };
    callbacks.onFirstToken = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this,
            [this, gid = ticket, ttft = attempt.ttftMs.value_or(0), provider = q(attempt.provider),
             quant = q(attempt.quantization), degraded = attempt.degraded] {
                emit firstToken(gid, ttft, provider, quant, degraded);
            },
            Qt::QueuedConnection);
    };
    callbacks.onDelta = [this, ticket](std::string_view text, bool reasoning) {
        if (reasoning)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, gid = ticket,
             bytes = QByteArray(text.data(), static_cast<qsizetype>(text.size()))] {
                emit delta(gid, bytes);
            },
            Qt::QueuedConnection);
    };
    callbacks.onAttemptFinished = [this, ticket](const routing::AttemptRecord &attempt) {
        QMetaObject::invokeMethod(
            this, [this, gid = ticket, attempt] { emit attemptFinished(gid, attempt); },
            Qt::QueuedConnection);
    };
    callbacks.onDone = [this, ticket](const routing::GenerationResult &result) {
        QMetaObject::invokeMethod(
            this,
            [this, gid = ticket, result] {
                m_running.remove(gid);
                emit finished(gid, result);
            },
            Qt::QueuedConnection);
    };
    // Our own ticket, not the Router's id: callbacks may run before start() returns.
    auto started = m_router->start(std::move(request), std::move(callbacks));
    if (!started)
        return std::unexpected(started.error());
    m_running.insert(ticket, *started);
    return ticket;
}

void GenerationBridge::cancel(quint64 ticket)
{
    if (auto it = m_running.constFind(ticket); m_router && it != m_running.constEnd())
        m_router->cancel(*it);
}

void GenerationBridge::fetchCatalog()
{
    if (!m_client || m_catalogTransfer)
        return;
    net::HttpRequest request;
    request.url = (m_baseUrl + QStringLiteral("/models")).toStdString();
    request.bearerToken = m_apiKey.toStdString();
    request.totalTimeout = std::chrono::seconds(30);
    auto body = std::make_shared<std::string>();
    auto status = std::make_shared<long>(0);
    net::TransferCallbacks callbacks;
    callbacks.onResponse = [status](long code, const net::HttpHeaders &, Clock::TimePoint) {
        *status = code;
    };
    callbacks.onData = [body](std::string_view bytes, Clock::TimePoint) {
        body->append(bytes);
    };
    callbacks.onComplete = [this, body, status](const net::TransferResult &result) {
        // Parsing a few hundred KiB of JSON is too slow for the network thread's budget but
        // fine once on the GUI thread (a few ms); it happens once per session.
        QMetaObject::invokeMethod(
            this,
            [this, body, code = *status, error = result.error] {
                m_catalogTransfer.reset();
                if (error || code < 200 || code >= 300) {
                    emit catalogFailed(error ? q(error->message)
                                             : tr("The model list answered HTTP %1.").arg(code));
                    return;
                }
                auto doc = nlohmann::json::parse(*body, nullptr, false);
                if (doc.is_discarded() || !doc.contains("data") || !doc["data"].is_array()) {
                    emit catalogFailed(tr("The model list could not be read."));
                    return;
                }
                QStringList models;
                for (const auto &entry : doc["data"]) {
                    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string())
                        continue;
                    const QString model = q(entry["id"].get<std::string>());
                    models.append(model);
                    if (entry.contains("pricing"))
                        m_prices.insert(model,
                                        {priceOf(entry["pricing"], "prompt"),
                                         priceOf(entry["pricing"], "completion")});
                }
                models.sort();
                emit catalogLoaded(models);
            },
            Qt::QueuedConnection);
    };
    if (auto submitted = m_client->submit(std::move(request), std::move(callbacks)))
        m_catalogTransfer = *submitted;
    else
        emit catalogFailed(q(submitted.error().message));
}

std::optional<ModelPrice> GenerationBridge::price(const QString &model) const
{
    if (auto it = m_prices.constFind(model); it != m_prices.constEnd())
        return *it;
    return std::nullopt;
}

void GenerationBridge::stopRouter()
{
    if (!m_router)
        return;
    for (auto id : std::as_const(m_running))
        m_router->cancel(id);
    // Destroying the Router cancels what is left; onDone still runs and posts `finished`,
    // which arrives later on the GUI thread.
    m_router.reset();
}

void GenerationBridge::shutdown()
{
    stopRouter();
    // The client's destructor completes pending transfers as Cancelled and joins the network
    // thread; their posted calls are dropped with this object.
    m_client.reset();
    m_running.clear();
}

} // namespace scriptorium::ui
