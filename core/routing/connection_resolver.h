#pragma once

#include <string>

namespace scriptorium::routing {

/// OpenRouter's API: the base URL when nothing else names one.
inline constexpr const char *kDefaultBaseUrl = "https://openrouter.ai/api/v1";
/// The environment variable that points the CLI and the GUI at another server (a simulator,
/// a proxy). The key's variable is ApiKey::kEnvironmentVariable.
inline constexpr const char *kBaseUrlEnvironmentVariable = "SCRIPTORIUM_BASE_URL";

/// Which level of resolveConnection() a base URL or key came from.
enum class ConnectionOrigin {
    Explicit, ///< given for this run: the CLI's --base-url or key argument, the GUI's demo
    Environment, ///< SCRIPTORIUM_BASE_URL, OPENROUTER_API_KEY
    Settings, ///< the GUI's base URL setting
    Stored, ///< the GUI's key in the OS keychain
    Default, ///< kDefaultBaseUrl
    None, ///< no level had a key
};

/// What each level offers. A value that is empty or only whitespace is "not set" at its level,
/// as an empty environment variable is; values are used trimmed.
struct ConnectionCandidates {
    std::string explicitBaseUrl{};
    std::string explicitApiKey{};
    std::string environmentBaseUrl{};
    std::string environmentApiKey{};
    std::string settingsBaseUrl{}; ///< GUI only; the CLI has no settings
    std::string storedApiKey{}; ///< GUI only: the keychain
};

struct ResolvedConnection {
    std::string baseUrl;
    ConnectionOrigin baseUrlOrigin = ConnectionOrigin::Default;
    std::string apiKey; ///< empty when no level had one
    ConnectionOrigin apiKeyOrigin = ConnectionOrigin::None;
};

/// The one precedence rule for where requests go and with which key, shared by the CLI and
/// every GUI caller so that they can never talk to different servers:
///
///   base URL: explicit → SCRIPTORIUM_BASE_URL → the settings' base URL → kDefaultBaseUrl
///   API key:  explicit → OPENROUTER_API_KEY   → the keychain's key      → none
///
/// The environment sits above the settings (as above the keychain) so that a script, a test
/// or CI can redirect a configured installation without editing it; explicit values (a
/// command-line option, the demo's simulator) are the narrowest scope and win. Pure: reads
/// nothing itself; thread-safe.
ResolvedConnection resolveConnection(const ConnectionCandidates &candidates);

/// The environment level of the candidates (SCRIPTORIUM_BASE_URL, OPENROUTER_API_KEY), the
/// other levels empty. Reads the process environment: not safe against a concurrent setenv.
ConnectionCandidates environmentCandidates();

} // namespace scriptorium::routing
