#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace scriptorium::log {

/// Severity of a log line.
enum class Level { Debug, Info, Warning, Error };

/// Receives every log line after redaction. Called on whichever thread logged, so a sink must
/// be thread-safe and cheap (the network thread logs too).
using Sink = std::function<void(Level level, std::string_view line)>;

/// Registers a secret (an API key) that must never appear in a log line or an error message.
/// Secrets shorter than 8 bytes are ignored (too likely to match ordinary text). Thread-safe.
void registerSecret(std::string_view secret);

/// Forgets a registered secret (e.g. when the user replaces the key). Thread-safe.
void unregisterSecret(std::string_view secret);

/// Returns `text` with every registered secret and every `Bearer <token>` credential replaced
/// by `***`. Every log line passes through it, and so does every error message and detail the
/// network and routing layers build from external input. Thread-safe.
std::string redact(std::string_view text);

/// Replaces the sink (default: stderr, one line each, prefixed with the level). Passing an
/// empty function restores the default. Thread-safe.
void setSink(Sink sink);

/// Lines below `level` are dropped (default: Warning). Thread-safe.
void setLevel(Level level);

/// Logs one line after redaction.
void write(Level level, std::string_view message);

inline void debug(std::string_view message)
{
    write(Level::Debug, message);
}
inline void info(std::string_view message)
{
    write(Level::Info, message);
}
inline void warning(std::string_view message)
{
    write(Level::Warning, message);
}
inline void error(std::string_view message)
{
    write(Level::Error, message);
}

} // namespace scriptorium::log
