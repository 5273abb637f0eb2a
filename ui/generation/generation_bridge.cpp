#include "ui/generation/generation_bridge.h"

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "net/http_client.h"
#include "openrouter/catalog_json.h"

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
                                 routing::RoutingConfig config,
                                 std::shared_ptr<routing::RoutingStrategy> strategy)
{
    if (!m_client)
        return;
    stopRouter();
    if (baseUrl != m_baseUrl || apiKey != m_apiKey)
        m_endpoints.clear();
    m_baseUrl = baseUrl;
    m_apiKey = apiKey;
    routing::Router::Options options;
    options.baseUrl = baseUrl.toStdString();
    options.config = std::move(config);
    options.apiKey = routing::ApiKey(apiKey.toStdString());
    m_strategy = std::move(strategy);
    options.strategy = m_strategy;
    m_router = std::make_unique<routing::Router>(*m_client, std::move(options));
}

Result<quint64> GenerationBridge::start(routing::GenerationRequest request)
{
    if (!m_router)
        return fail(ErrorCode::Internal, "The generation service is not running.",
                    "restart Scriptorium");
    const quint64 ticket = ++m_lastTicket;
    const QString model = q(request.model);
    if (model.isEmpty() || request.endpoints || m_endpoints.contains(model)) {
        if (!request.endpoints && !model.isEmpty())
            request.endpoints = m_endpoints.value(model);
        auto started = startRouter(ticket, std::move(request));
        if (!started)
            return std::unexpected(started.error());
        return ticket;
    }
    m_waiting.insert(ticket, std::move(request));
    fetchEndpoints(model);
    return ticket;
}

Result<routing::Router::GenerationId>
GenerationBridge::startRouter(quint64 ticket, routing::GenerationRequest request)
{
    // Every callback runs on the network thread: it only copies what it needs and posts to
    // this object, whose queued call runs on the GUI thread (dropped if the bridge is gone).
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
    if (started)
        m_running.insert(ticket, *started);
    return started;
}

void GenerationBridge::cancel(quint64 ticket)
{
    if (m_waiting.remove(ticket)) {
        routing::GenerationResult cancelled;
        cancelled.error = Error{ErrorCode::Cancelled, "Stopped before it started.", {}};
        QMetaObject::invokeMethod(
            this, [this, ticket, cancelled] { emit finished(ticket, cancelled); },
            Qt::QueuedConnection);
        return;
    }
    if (auto it = m_running.constFind(ticket); m_router && it != m_running.constEnd())
        m_router->cancel(*it);
}

bool GenerationBridge::getAsync(const QString &path, GetDone done)
{
    if (!m_client)
        return false;
    net::HttpRequest request;
    request.url = QString(m_baseUrl + path).toStdString();
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
    callbacks.onComplete = [this, body, status, done](const net::TransferResult &result) {
        // Parsing happens on the GUI thread (a few ms, rare), not in the network thread's
        // short callback budget.
        QMetaObject::invokeMethod(
            this, [body, code = *status, error = result.error, done] { done(code, *body, error); },
            Qt::QueuedConnection);
    };
    return m_client->submit(std::move(request), std::move(callbacks)).has_value();
}

void GenerationBridge::fetchEndpoints(const QString &model)
{
    if (m_endpointsPending.value(model))
        return;
    m_endpointsPending.insert(model, true);
    const QString baseUrl = m_baseUrl;
    auto done = [this, model, baseUrl](long code, const std::string &body,
                                       const std::optional<Error> &error) {
        m_endpointsPending.remove(model);
        if (baseUrl != m_baseUrl) {
            // Reconfigured meanwhile: ask the new base for the tickets still waiting.
            for (const auto &request : std::as_const(m_waiting)) {
                if (q(request.model) == model) {
                    fetchEndpoints(model);
                    break;
                }
            }
            return;
        }
        std::optional<openrouter::ModelEndpoints> endpoints;
        if (!error && code >= 200 && code < 300) {
            if (auto parsed = openrouter::parseEndpoints(body))
                endpoints = std::move(*parsed);
        }
        m_endpoints.insert(model, endpoints);
        const QList<quint64> tickets = m_waiting.keys();
        for (quint64 ticket : tickets) {
            if (q(m_waiting.value(ticket).model) != model)
                continue;
            routing::GenerationRequest request = m_waiting.take(ticket);
            request.endpoints = endpoints;
            if (auto started = startRouter(ticket, std::move(request)); !started) {
                routing::GenerationResult failed;
                failed.error = started.error();
                emit finished(ticket, failed);
            }
        }
    };
    if (!getAsync(QStringLiteral("/models/") + model + QStringLiteral("/endpoints"), done))
        done(0, {}, Error{ErrorCode::Internal, "stopped", {}});
}

void GenerationBridge::fetchCatalog()
{
    if (m_catalogPending)
        return;
    auto done = [this](long code, const std::string &body, const std::optional<Error> &error) {
        m_catalogPending = false;
        if (error || code < 200 || code >= 300) {
            emit catalogFailed(error ? q(error->message)
                                     : tr("The model list answered HTTP %1.").arg(code));
            return;
        }
        auto doc = nlohmann::json::parse(body, nullptr, false);
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
                m_prices.insert(
                    model,
                    {priceOf(entry["pricing"], "prompt"), priceOf(entry["pricing"], "completion")});
        }
        models.sort();
        emit catalogLoaded(models);
    };
    m_catalogPending = getAsync(QStringLiteral("/models"), done);
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
    m_waiting.clear();
}

} // namespace scriptorium::ui
