#pragma once

#include <string>

namespace httplib {
struct Request;
struct Response;
} // namespace httplib

namespace scriptorium::sim {

struct SimState;

/// Serves one POST /api/v1/chat/completions: authenticates, validates, routes, plays the
/// attempts (internal failover before the first token, scripted and random faults), then
/// answers JSON or SSE on the planned schedule and records the truth. Runs on an HTTP worker
/// thread; the streaming part runs inside the response's content provider.
void handleChatCompletion(SimState &state, const httplib::Request &request,
                          httplib::Response &response);

/// Answers 401 into `response` and returns false unless the request carries a usable key;
/// on success stores the bearer key in `key`.
bool authenticate(SimState &state, const httplib::Request &request, httplib::Response &response,
                  std::string &key);

} // namespace scriptorium::sim
