#pragma once

#include "util/error.h"

#include <expected>
#include <string>
#include <utility>

namespace scriptorium {

/// The return type of every fallible core function: a value or an Error. Exceptions never
/// cross the core API.
template<typename T> using Result = std::expected<T, Error>;

/// Result<void> for operations that only succeed or fail.
using Status = Result<void>;

/// Shorthand for returning an error: `return fail(ErrorCode::NotFound, "…");`.
inline std::unexpected<Error> fail(ErrorCode code, std::string message, std::string detail = {})
{
    return std::unexpected<Error>(Error{code, std::move(message), std::move(detail)});
}

/// Propagates an existing error unchanged.
inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

} // namespace scriptorium
