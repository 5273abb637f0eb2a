#pragma once

#include "util/result.h"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace scriptorium::net {

/// One dispatched Server-Sent Event. The views are valid only during the callback.
struct SseEvent {
    std::string_view type; ///< `event:` field; empty means the default type "message"
    std::string_view data; ///< `data:` lines joined with '\n' (a `[DONE]` marker is passed as is)
    std::string_view id; ///< last `id:` seen on the stream (persists across events)
};

/// Incremental parser for `text/event-stream` (WHATWG HTML §9.2.6).
///
/// Feed it bytes exactly as they arrive; the result is the same for any split of the input:
/// LF, CRLF and CR line ends (a CRLF split across two reads counts once), a leading BOM,
/// comments, multi-line `data:`, fields without a space after the colon, and UTF-8 characters
/// split across reads (lines only end on ASCII bytes, so a multi-byte character is never cut).
///
/// Bounded: a line longer than `maxLineBytes`, or an event whose data grows beyond
/// `maxEventBytes`, makes feed() fail with ErrorCode::TooLarge; the parser then stays failed
/// until reset(). Memory is O(limit), never O(stream).
///
/// Not thread-safe; one parser per stream. Callbacks run inside feed().
class SseParser {
public:
    struct Limits {
        std::size_t maxLineBytes = 1 << 20;
        std::size_t maxEventBytes = 4 << 20;
    };
    using EventHandler = std::function<void(const SseEvent &)>;
    /// Receives the text of a comment line after the ':' (e.g. " OPENROUTER PROCESSING").
    /// Keep-alives are comments, so liveness is tracked here, separately from data events.
    using CommentHandler = std::function<void(std::string_view)>;

    SseParser();
    explicit SseParser(Limits limits);

    void setEventHandler(EventHandler handler) { m_onEvent = std::move(handler); }
    void setCommentHandler(CommentHandler handler) { m_onComment = std::move(handler); }

    /// Parses `bytes`, dispatching complete events and comments.
    Status feed(std::string_view bytes);

    /// Forgets all state (buffers, last event id, error) for a new stream.
    void reset();

    /// Bytes held for an incomplete line or event (for memory accounting).
    std::size_t bufferedBytes() const { return m_line.size() + m_data.size(); }

    /// Number of `retry:` milliseconds last announced by the server, or -1.
    long long retryMs() const { return m_retryMs; }

private:
    Status processLine(std::string_view line);
    Status tooLarge(std::string_view what);

    Limits m_limits;
    EventHandler m_onEvent;
    CommentHandler m_onComment;
    std::string m_line;
    std::string m_data;
    std::string m_type;
    std::string m_id;
    long long m_retryMs = -1;
    std::size_t m_bomMatched = 0;
    bool m_bomDone = false;
    bool m_hasData = false;
    bool m_skipLf = false; // the previous chunk ended in CR: a leading LF belongs to it
    bool m_failed = false;
};

} // namespace scriptorium::net
