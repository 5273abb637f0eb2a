#pragma once

// A small loopback HTTP client for the simulator tests (cpp-httplib's client).

#include <functional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace simtest {

struct Reply {
    int status = 0;
    std::string body;
    httplib::Headers headers;
    bool transportError = false;

    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    std::string header(const std::string &name) const
    {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

inline Reply send(int port, const std::string &method, const std::string &path,
                  const std::string &body, const std::string &key = "sk-or-v1-test",
                  int readTimeoutMs = 10000,
                  std::function<bool(const char *, std::size_t)> receiver = nullptr)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(readTimeoutMs / 1000, (readTimeoutMs % 1000) * 1000);
    httplib::Request request;
    request.method = method;
    request.path = path;
    if (!key.empty())
        request.set_header("Authorization", "Bearer " + key);
    if (method == "POST") {
        request.set_header("Content-Type", "application/json");
        request.body = body;
    }
    Reply reply;
    std::string streamed;
    if (receiver) {
        request.content_receiver
            = [&](const char *data, std::size_t length, std::uint64_t, std::uint64_t) {
                  streamed.append(data, length);
                  return receiver(data, length);
              };
    }
    auto result = client.send(request);
    if (!result) {
        reply.transportError = true;
        reply.body = streamed;
        return reply;
    }
    reply.status = result->status;
    reply.body = receiver ? streamed : result->body;
    reply.headers = result->headers;
    return reply;
}

inline Reply post(int port, const nlohmann::json &body, const std::string &key = "sk-or-v1-test",
                  int readTimeoutMs = 10000)
{
    return send(port, "POST", "/api/v1/chat/completions", body.dump(), key, readTimeoutMs);
}

inline Reply get(int port, const std::string &path, const std::string &key = "sk-or-v1-test")
{
    return send(port, "GET", path, {}, key);
}

/// A minimal chat body.
inline nlohmann::json chat(const std::string &model, const std::string &prompt = "Write a scene.",
                           bool stream = false, int maxTokens = 40)
{
    return {{"model", model},
            {"messages", {{{"role", "user"}, {"content", prompt}}}},
            {"stream", stream},
            {"max_tokens", maxTokens}};
}

/// The parsed SSE of a stream body.
struct Sse {
    std::vector<nlohmann::json> events; ///< every `data:` JSON event
    int comments = 0; ///< `:` lines
    bool done = false; ///< saw `data: [DONE]`
    std::string text; ///< concatenated delta contents
};

inline Sse parseSse(const std::string &body)
{
    Sse sse;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t end = body.find('\n', pos);
        if (end == std::string::npos)
            end = body.size();
        const std::string line = body.substr(pos, end - pos);
        pos = end + 1;
        if (line.starts_with(":")) {
            ++sse.comments;
        } else if (line == "data: [DONE]") {
            sse.done = true;
        } else if (line.starts_with("data: ")) {
            auto event = nlohmann::json::parse(line.substr(6), nullptr, false);
            sse.events.push_back(event);
            if (event.contains("choices") && !event["choices"].empty()) {
                const auto &delta = event["choices"][0]["delta"];
                if (delta.contains("content") && delta["content"].is_string())
                    sse.text += delta["content"].get<std::string>();
            }
        }
    }
    return sse;
}

} // namespace simtest
