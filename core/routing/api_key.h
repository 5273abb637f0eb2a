#pragma once

#include "util/result.h"

#include <mutex>
#include <string>
#include <string_view>

namespace scriptorium::routing {

/// The OpenRouter API key, held in memory only. Setting a key registers it with the log
/// redactor, so it can never appear in a log line or an error message; it is never written to a
/// file, the database or settings. Thread-safe.
class ApiKey {
public:
    /// The environment variable the CLI and GUI read.
    static constexpr const char *kEnvironmentVariable = "OPENROUTER_API_KEY";

    /// Reads OPENROUTER_API_KEY. Errors: Auth when it is unset or empty (the message says how
    /// to set it).
    static Result<ApiKey> fromEnvironment();

    ApiKey() = default;
    explicit ApiKey(std::string key);
    ApiKey(const ApiKey &other);
    ApiKey &operator=(const ApiKey &other);
    ~ApiKey();

    /// Replaces the key (e.g. from the OS keychain); the old one stays redacted.
    void set(std::string key);
    /// A copy of the key for the Authorization header.
    std::string value() const;
    bool empty() const;
    /// A display form that never reveals the key: "sk-or-v1-…f3a" style (first 8, last 3).
    std::string masked() const;

private:
    mutable std::mutex m_mutex;
    std::string m_key;
};

} // namespace scriptorium::routing
