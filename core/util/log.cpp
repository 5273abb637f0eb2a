#include "util/log.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace scriptorium::log {

namespace {

constexpr std::size_t kMinSecretLength = 8;
constexpr std::string_view kMask = "***";

struct State {
    std::shared_mutex mutex;
    std::vector<std::string> secrets;
    Sink sink;
    std::atomic<int> level{static_cast<int>(Level::Warning)};
};

State &state()
{
    // Leaked on purpose: logging may happen from static destructors and crash handlers.
    static State *s = new State;
    return *s;
}

std::string_view levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warning:
        return "warning";
    case Level::Error:
        return "error";
    }
    return "log";
}

bool isTokenChar(char c)
{
    return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '"' && c != '\'' && c != ','
        && c != ';';
}

// "Bearer <token>" in any letter case: the token is masked whatever it is, so a key that was
// never registered (e.g. from a config file) is still hidden.
void maskBearer(std::string &text)
{
    static constexpr std::string_view kBearer = "bearer ";
    std::size_t pos = 0;
    while (pos + kBearer.size() <= text.size()) {
        bool match = true;
        for (std::size_t i = 0; i < kBearer.size(); ++i) {
            const char c = text[pos + i];
            const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            if (lower != kBearer[i]) {
                match = false;
                break;
            }
        }
        if (!match) {
            ++pos;
            continue;
        }
        std::size_t start = pos + kBearer.size();
        while (start < text.size() && text[start] == ' ')
            ++start;
        std::size_t end = start;
        while (end < text.size() && isTokenChar(text[end]))
            ++end;
        if (end > start && text.compare(start, end - start, kMask) != 0)
            text.replace(start, end - start, kMask);
        pos = start + kMask.size();
    }
}

} // namespace

void registerSecret(std::string_view secret)
{
    if (secret.size() < kMinSecretLength)
        return;
    State &s = state();
    std::unique_lock lock(s.mutex);
    if (std::find(s.secrets.begin(), s.secrets.end(), secret) == s.secrets.end())
        s.secrets.emplace_back(secret);
    // Longest first, so a secret containing another is masked whole.
    std::sort(s.secrets.begin(), s.secrets.end(),
              [](const std::string &a, const std::string &b) { return a.size() > b.size(); });
}

void unregisterSecret(std::string_view secret)
{
    State &s = state();
    std::unique_lock lock(s.mutex);
    std::erase(s.secrets, secret);
}

std::string redact(std::string_view text)
{
    std::string out(text);
    State &s = state();
    {
        std::shared_lock lock(s.mutex);
        for (const std::string &secret : s.secrets) {
            std::size_t pos = 0;
            while ((pos = out.find(secret, pos)) != std::string::npos) {
                out.replace(pos, secret.size(), kMask);
                pos += kMask.size();
            }
        }
    }
    maskBearer(out);
    return out;
}

void setSink(Sink sink)
{
    State &s = state();
    std::unique_lock lock(s.mutex);
    s.sink = std::move(sink);
}

void setLevel(Level level)
{
    state().level.store(static_cast<int>(level));
}

void write(Level level, std::string_view message)
{
    State &s = state();
    if (static_cast<int>(level) < s.level.load())
        return;
    const std::string line = redact(message);
    Sink sink;
    {
        std::shared_lock lock(s.mutex);
        sink = s.sink;
    }
    if (sink) {
        sink(level, line);
        return;
    }
    const std::string_view name = levelName(level);
    std::fprintf(stderr, "scriptorium: %.*s: %.*s\n", static_cast<int>(name.size()), name.data(),
                 static_cast<int>(line.size()), line.data());
}

} // namespace scriptorium::log
