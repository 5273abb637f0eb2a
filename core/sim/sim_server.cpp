#include "sim/sim_server.h"

#include "sim/catalog_handlers.h"
#include "sim/chat_session.h"
#include "sim/sim_state.h"
#include "sim/wire.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <string_view>
#include <thread>

#include <httplib.h>

namespace scriptorium::sim {

namespace {

using nlohmann::json;

// Enough workers for 256 concurrent streams plus idle keep-alive connections.
constexpr std::size_t kWorkerThreads = 320;
// Bodies above this are answered 413, as a real edge would.
constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;

void sendJson(httplib::Response &res, int status, const json &body)
{
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void sendError(httplib::Response &res, const HttpError &error)
{
    sendJson(res, error.status, error.body);
}

std::string maskKey(const std::string &key)
{
    if (key.size() <= 10)
        return key.substr(0, 3) + "...";
    return key.substr(0, 10) + "..." + key.substr(key.size() - 3);
}

// The Host a request was addressed to is this computer: 127.0.0.1, localhost or [::1], with
// an optional port. A web page that rebinds its own name to 127.0.0.1 (DNS rebinding) still
// sends its own name, so this keeps pages in a browser away from the control endpoints.
bool isLoopbackHostHeader(std::string_view host)
{
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::size_t portAt = lower.find(':');
    if (lower.starts_with('[')) { // an IPv6 literal: the port follows the closing bracket
        const std::size_t close = lower.find(']');
        if (close == std::string::npos || (close + 1 < lower.size() && lower[close + 1] != ':'))
            return false;
        portAt = close + 1 < lower.size() ? close + 1 : std::string::npos;
    }
    const std::string_view name = std::string_view(lower).substr(0, portAt);
    if (portAt != std::string::npos) {
        const std::string_view port = std::string_view(lower).substr(portAt + 1);
        if (port.empty() || port.size() > 5
            || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
    }
    return name == "127.0.0.1" || name == "localhost" || name == "[::1]";
}

void registerRoutes(httplib::Server &server, SimState &st)
{
    server.set_pre_routing_handler([](const httplib::Request &req, httplib::Response &res) {
        if (!req.path.starts_with("/_sim/") || isLoopbackHostHeader(req.get_header_value("Host")))
            return httplib::Server::HandlerResponse::Unhandled;
        sendError(res,
                  makeError(403,
                            "The simulator's /_sim/ endpoints answer only requests addressed "
                            "to 127.0.0.1, localhost or [::1]; use "
                            "http://127.0.0.1:<port>/_sim/….",
                            {{"error_type", errorTypeForStatus(403)}}));
        return httplib::Server::HandlerResponse::Handled;
    });
    server.Post("/api/v1/chat/completions",
                [&st](const httplib::Request &req, httplib::Response &res) {
                    try {
                        handleChatCompletion(st, req, res);
                    } catch (const std::exception &e) {
                        sendError(res,
                                  makeError(500, "Internal Server Error",
                                            {{"error_type", "server"}, {"detail", e.what()}}));
                    }
                });
    server.Get("/api/v1/models", [&st](const httplib::Request &, httplib::Response &res) {
        json data = json::array();
        const double now = st.simSeconds(st.clock.now());
        for (const Model &m : st.market.models)
            data.push_back(modelJson(st.market, m, now));
        sendJson(res, 200,
                 {{"data", data}, {"total_count", data.size()}, {"links", {{"next", nullptr}}}});
    });
    server.Get(
        R"(/api/v1/models/([^/]+)/([^/]+)/endpoints)",
        [&st](const httplib::Request &req, httplib::Response &res) {
            const std::string id = std::string(req.matches[1]) + "/" + std::string(req.matches[2]);
            const Model *model = st.market.findModel(id);
            if (!model)
                return sendError(res,
                                 makeError(404, "No endpoints found for " + id + ".",
                                           {{"error_type", "not_found"}}));
            sendJson(res, 200, endpointsJson(st.market, *model, st.simSeconds(st.clock.now())));
        });
    server.Get("/api/v1/providers", [&st](const httplib::Request &, httplib::Response &res) {
        sendJson(res, 200, providersJson(st.market));
    });
    auto keyHandler = [&st](const httplib::Request &req, httplib::Response &res) {
        std::string key;
        if (!authenticate(st, req, res, key))
            return;
        const KeySpec *spec = st.market.findKey(key);
        const double usage = st.truth.spent(key);
        const bool limited = spec && spec->limit;
        json data
            = {{"label", maskKey(key)},
               {"limit", limited ? json(*spec->limit) : json()},
               {"limit_remaining", limited ? json(*spec->limit - usage) : json()},
               {"limit_reset", nullptr},
               {"include_byok_in_limit", false},
               {"usage", usage},
               {"usage_daily", usage},
               {"usage_weekly", usage},
               {"usage_monthly", usage},
               {"byok_usage", 0.0},
               {"byok_usage_daily", 0.0},
               {"byok_usage_weekly", 0.0},
               {"byok_usage_monthly", 0.0},
               {"allowed_data_regions", {"global"}},
               {"free_model_daily_requests", {{"limit", 1000}, {"remaining", 1000}, {"used", 0}}},
               {"organization_id", nullptr},
               {"workspace_id", nullptr},
               {"is_free_tier", false},
               {"is_management_key", spec && spec->management},
               {"is_provisioning_key", spec && spec->management},
               {"creator_user_id", kSimUserId},
               {"expires_at", nullptr},
               {"rate_limit",
                {{"requests", -1},
                 {"interval", "10s"},
                 {"note", "This field is deprecated and safe to ignore."}}}};
        sendJson(res, 200, {{"data", data}});
    };
    server.Get("/api/v1/key", keyHandler);
    server.Get("/api/v1/auth/key", keyHandler);
    server.Get("/api/v1/credits", [&st](const httplib::Request &req, httplib::Response &res) {
        std::string key;
        if (!authenticate(st, req, res, key))
            return;
        const KeySpec *spec = st.market.findKey(key);
        if (!spec || !spec->management)
            return sendError(res,
                             makeError(403,
                                       "Only management keys can fetch credits. Use "
                                       "GET /api/v1/key for this key's balance.",
                                       {{"error_type", "authentication"}}));
        sendJson(
            res, 200,
            {{"data", {{"total_credits", spec->credits}, {"total_usage", st.truth.spent(key)}}}});
    });
    server.Get("/api/v1/generation", [&st](const httplib::Request &req, httplib::Response &res) {
        std::string key;
        if (!authenticate(st, req, res, key))
            return;
        const std::string id = req.get_param_value("id");
        json record;
        if (id.empty())
            return sendError(res,
                             makeError(400, "Missing generation id: pass ?id=gen-…",
                                       {{"error_type", "invalid_request"}}));
        if (st.truth.generation(id, st.clock.now(), record) != TruthStore::Lookup::Ready)
            return sendError(
                res,
                makeError(404, "Generation " + id + " not found", {{"error_type", "not_found"}}));
        sendJson(res, 200, {{"data", record}});
    });
    server.Get("/_sim/truth", [&st](const httplib::Request &, httplib::Response &res) {
        sendJson(res, 200, json(st.truth.attempts()));
    });
    server.Get("/_sim/forecast", [&st](const httplib::Request &req, httplib::Response &res) {
        const std::string id = req.get_param_value("model");
        if (id.empty())
            return sendError(res,
                             makeError(400, "Missing model: pass ?model=<author>/<slug>",
                                       {{"error_type", "invalid_request"}}));
        const Model *model = st.market.findModel(id);
        if (!model)
            return sendError(res,
                             makeError(404, "No endpoints found for " + id + ".",
                                       {{"error_type", "not_found"}}));
        sendJson(res, 200, forecastJson(st.market, *model, st.simSeconds(st.clock.now())));
    });
    server.Get("/_sim/stats", [&st](const httplib::Request &, httplib::Response &res) {
        sendJson(res, 200, {{"token_lateness", st.truth.latenessSummary()}});
    });
    server.Post("/_sim/script", [&st](const httplib::Request &req, httplib::Response &res) {
        const json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded())
            return sendError(res, makeError(400, "The script is not valid JSON."));
        if (auto status = st.script.add(body); !status)
            return sendError(res, makeError(400, status.error().message));
        sendJson(res, 200, {{"ok", true}});
    });
    server.Post("/_sim/reset", [&st](const httplib::Request &, httplib::Response &res) {
        st.reset();
        sendJson(res, 200, {{"ok", true}});
    });
    // Every other error (unknown path, 413, a handler without a body) gets an OpenRouter body.
    server.set_error_handler([](const httplib::Request &, httplib::Response &res) {
        if (!res.body.empty())
            return;
        const std::string message = res.status == 413 ? "Request body too large; the limit is 4 MB."
            : res.status == 404                       ? "Not Found"
                                                      : "Request failed";
        res.set_content(
            makeError(res.status, message, {{"error_type", errorTypeForStatus(res.status)}})
                .body.dump(),
            "application/json");
    });
}

} // namespace

struct SimServerRuntime {
    httplib::Server server;
    std::atomic<bool> listenerExited{false};
    std::thread listener;
};

SimState::SimState(SimOptions opts, Market m)
    : options(std::move(opts))
    , market(std::move(m))
    , clock(Clock::real())
    , truth(options.truthLogPath)
{
    restartClock();
}

SimState::~SimState() = default;

SimServer::SimServer(SimOptions options)
    : m_options(std::move(options))
{
}

SimServer::~SimServer()
{
    stop();
}

Status SimServer::start()
{
    if (m_state)
        return fail(ErrorCode::Conflict, "The simulator is already running; stop() it first.");
    if (!(m_options.timeScale > 0))
        return fail(ErrorCode::InvalidArgument, "The time scale must be greater than 0.");
    auto market = loadMarket(m_options.market);
    if (!market)
        return fail(market.error());
    std::signal(SIGPIPE, SIG_IGN);
    auto state = std::make_unique<SimState>(m_options, std::move(*market));
    auto runtime = std::make_unique<SimServerRuntime>();
    runtime->server.new_task_queue = [] {
        return new httplib::ThreadPool(kWorkerThreads);
    };
    runtime->server.set_payload_max_length(kMaxBodyBytes);
    runtime->server.set_keep_alive_timeout(2);
    registerRoutes(runtime->server, *state);
    int port = m_options.port;
    if (port == 0)
        port = runtime->server.bind_to_any_port("127.0.0.1");
    else if (!runtime->server.bind_to_port("127.0.0.1", port))
        port = -1;
    if (port <= 0)
        return fail(ErrorCode::Io,
                    "Cannot listen on 127.0.0.1:" + std::to_string(m_options.port)
                        + "; choose another port or 0 for a free one.");
    m_options.port = port;
    // The socket already listens, so connections queue until the accept loop runs.
    runtime->listener = std::thread([rt = runtime.get()] {
        rt->server.listen_after_bind();
        rt->listenerExited = true;
    });
    // httplib's stop() does nothing until the accept loop is running, so a stop() right after
    // start() would leave the loop (and the join in stop()) running forever: wait for it.
    while (!runtime->server.is_running() && !runtime->listenerExited.load())
        std::this_thread::yield();
    state->runtime = std::move(runtime);
    m_state = std::move(state);
    return {};
}

void SimServer::stop()
{
    if (!m_state)
        return;
    m_state->gate.interrupt(true);
    m_state->runtime->server.stop();
    if (m_state->runtime->listener.joinable())
        m_state->runtime->listener.join();
    m_state.reset();
}

int SimServer::port() const
{
    return m_options.port;
}

std::string SimServer::baseUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_options.port) + "/api/v1";
}

std::vector<nlohmann::json> SimServer::truth() const
{
    return m_state ? m_state->truth.attempts() : std::vector<nlohmann::json>{};
}

Status SimServer::script(const nlohmann::json &behaviours)
{
    if (!m_state)
        return fail(ErrorCode::InvalidArgument, "Start the simulator before scripting it.");
    return m_state->script.add(behaviours);
}

void SimServer::reset()
{
    if (!m_state)
        return;
    m_state->reset();
}

} // namespace scriptorium::sim
