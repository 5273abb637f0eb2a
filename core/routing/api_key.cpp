#include "routing/api_key.h"

#include "util/log.h"

#include <algorithm>
#include <cstdlib>

namespace scriptorium::routing {

Result<ApiKey> ApiKey::fromEnvironment()
{
    const char *value = std::getenv(kEnvironmentVariable);
    if (!value || std::string_view(value).empty()) {
        return fail(ErrorCode::Auth,
                    "no OpenRouter API key: set OPENROUTER_API_KEY to your key from "
                    "https://openrouter.ai/keys");
    }
    return ApiKey(std::string(value));
}

ApiKey::ApiKey(std::string key)
{
    set(std::move(key));
}

ApiKey::ApiKey(const ApiKey &other)
{
    std::lock_guard lock(other.m_mutex);
    m_key = other.m_key;
}

ApiKey &ApiKey::operator=(const ApiKey &other)
{
    if (this == &other)
        return *this;
    const std::string copy = other.value();
    std::lock_guard lock(m_mutex);
    m_key = copy;
    return *this;
}

ApiKey::~ApiKey()
{
    std::fill(m_key.begin(), m_key.end(), '\0');
}

void ApiKey::set(std::string key)
{
    // Trailing newlines come from `export KEY=$(cat file)` and would break the header.
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' '))
        key.pop_back();
    log::registerSecret(key);
    std::lock_guard lock(m_mutex);
    std::fill(m_key.begin(), m_key.end(), '\0');
    m_key = std::move(key);
}

std::string ApiKey::value() const
{
    std::lock_guard lock(m_mutex);
    return m_key;
}

bool ApiKey::empty() const
{
    std::lock_guard lock(m_mutex);
    return m_key.empty();
}

std::string ApiKey::masked() const
{
    std::lock_guard lock(m_mutex);
    if (m_key.size() < 16)
        return "***";
    return m_key.substr(0, 8) + "..." + m_key.substr(m_key.size() - 3);
}

} // namespace scriptorium::routing
