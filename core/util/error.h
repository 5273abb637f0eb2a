#pragma once

#include <string>
#include <string_view>

namespace scriptorium {

/// What went wrong, as a stable code. Tests assert on these codes, never on message text.
/// The routing-related codes mirror the error classes of DESIGN.md "Measurements".
enum class ErrorCode {
    InvalidArgument, ///< the caller passed something malformed (usage, bad value)
    Parse, ///< input could not be parsed (JSON, SSE, config, manuscript)
    Io, ///< a file or socket operation failed
    DiskFull, ///< no space left while writing
    ReadOnly, ///< the target is read-only
    NotFound, ///< a book, chapter, file or record does not exist
    Conflict, ///< the change collides with existing state
    Busy, ///< another process holds the library
    Corrupt, ///< a file failed its integrity check
    TooNew, ///< a file written by a newer Scriptorium
    Unsupported, ///< a valid request this build cannot serve
    TooLarge, ///< input over a configured bound
    Config, ///< routing or app configuration is invalid
    Auth, ///< 401: missing, invalid or revoked API key
    Credits, ///< 402: out of credits
    Moderation, ///< 403: moderation or permission block
    NoEndpoint, ///< 404: no endpoint satisfies the routing constraints
    ModelNotFound, ///< 400/404: the model id is invalid or retired
    RateLimit, ///< 429
    Provider, ///< 5xx or HTTP 200 with an error body
    MidStream, ///< error event after the first token
    FirstTokenTimeout,
    IdleStall,
    Transport, ///< connection, TLS or protocol failure
    Timeout, ///< a user deadline expired
    Cancelled, ///< the user cancelled; not an error for statistics
    Budget, ///< the spending cap does not allow the next attempt
    Interrupted, ///< the process ended (crash, kill) before the generation finished
    Internal, ///< a bug: an invariant did not hold
};

/// Stable lower-case name of a code ("rate_limit"), used in JSON output and the database.
std::string_view errorCodeName(ErrorCode code);

/// Inverse of errorCodeName(); returns false for an unknown name.
bool errorCodeFromName(std::string_view name, ErrorCode &out);

/// An error: a code for programs, a message for people (what went wrong and what to do), and
/// an optional detail (the underlying reason, e.g. a provider's raw error body).
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string detail;
};

} // namespace scriptorium
