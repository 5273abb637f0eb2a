#pragma once

#include "util/clock.h"
#include "util/error.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scriptorium::net {

/// Response or request headers in wire order; names keep their case, lookups ignore it.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header called `name` (case-insensitive), if any.
std::optional<std::string_view> findHeader(const HttpHeaders &headers, std::string_view name);

/// One HTTP request. `bearerToken` becomes the Authorization header inside the client only; it
/// is never logged and never copied into errors or results.
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HttpHeaders headers;
    std::string body;
    std::string bearerToken;
    std::chrono::milliseconds connectTimeout{10'000};
    /// Whole-transfer deadline enforced by curl; zero means none (streams enforce their own
    /// watchdogs above the client).
    std::chrono::milliseconds totalTimeout{0};
};

/// Timestamps of one transfer, from the client's clock.
struct TransferTimings {
    Clock::TimePoint t0; ///< just before the transfer was handed to curl
    Clock::TimePoint firstByte; ///< first response byte (status line); t0 if none arrived
    Clock::TimePoint end; ///< completion, failure or cancellation
    bool gotFirstByte = false;
};

/// How a transfer ended. `error` is set for transport failures and cancellation; an HTTP
/// error status is not a transport failure (status carries it).
struct TransferResult {
    long status = 0;
    HttpHeaders headers;
    TransferTimings timings;
    std::optional<Error> error;
    long localPort = 0; ///< our side of the connection: equal ports mean a reused connection
};

/// A completed small request, from HttpClient::fetch().
struct HttpResponse {
    long status = 0;
    HttpHeaders headers;
    std::string body;
    TransferTimings timings;
    long localPort = 0; ///< equal ports across requests mean the connection was reused
};

} // namespace scriptorium::net
