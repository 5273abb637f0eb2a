#include "util/error.h"

#include <array>
#include <utility>

namespace scriptorium {

namespace {

constexpr std::array kNames{
    std::pair{ErrorCode::InvalidArgument, std::string_view{"invalid_argument"}},
    std::pair{ErrorCode::Parse, std::string_view{"parse"}},
    std::pair{ErrorCode::Io, std::string_view{"io"}},
    std::pair{ErrorCode::DiskFull, std::string_view{"disk_full"}},
    std::pair{ErrorCode::ReadOnly, std::string_view{"read_only"}},
    std::pair{ErrorCode::NotFound, std::string_view{"not_found"}},
    std::pair{ErrorCode::Conflict, std::string_view{"conflict"}},
    std::pair{ErrorCode::Busy, std::string_view{"busy"}},
    std::pair{ErrorCode::Corrupt, std::string_view{"corrupt"}},
    std::pair{ErrorCode::TooNew, std::string_view{"too_new"}},
    std::pair{ErrorCode::Unsupported, std::string_view{"unsupported"}},
    std::pair{ErrorCode::TooLarge, std::string_view{"too_large"}},
    std::pair{ErrorCode::Config, std::string_view{"config"}},
    std::pair{ErrorCode::Auth, std::string_view{"auth"}},
    std::pair{ErrorCode::Credits, std::string_view{"credits"}},
    std::pair{ErrorCode::Moderation, std::string_view{"moderation"}},
    std::pair{ErrorCode::NoEndpoint, std::string_view{"no_endpoint"}},
    std::pair{ErrorCode::ModelNotFound, std::string_view{"model_not_found"}},
    std::pair{ErrorCode::RateLimit, std::string_view{"rate_limit"}},
    std::pair{ErrorCode::Provider, std::string_view{"provider"}},
    std::pair{ErrorCode::MidStream, std::string_view{"mid_stream"}},
    std::pair{ErrorCode::FirstTokenTimeout, std::string_view{"first_token_timeout"}},
    std::pair{ErrorCode::IdleStall, std::string_view{"idle_stall"}},
    std::pair{ErrorCode::Transport, std::string_view{"transport"}},
    std::pair{ErrorCode::Timeout, std::string_view{"timeout"}},
    std::pair{ErrorCode::Cancelled, std::string_view{"cancelled"}},
    std::pair{ErrorCode::Budget, std::string_view{"budget"}},
    std::pair{ErrorCode::Interrupted, std::string_view{"interrupted"}},
    std::pair{ErrorCode::Internal, std::string_view{"internal"}},
};

} // namespace

std::string_view errorCodeName(ErrorCode code)
{
    for (const auto &[c, name] : kNames) {
        if (c == code)
            return name;
    }
    return "internal";
}

bool errorCodeFromName(std::string_view name, ErrorCode &out)
{
    for (const auto &[c, n] : kNames) {
        if (n == name) {
            out = c;
            return true;
        }
    }
    return false;
}

} // namespace scriptorium
