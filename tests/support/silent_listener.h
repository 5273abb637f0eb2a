#pragma once

// A loopback port that takes connections and never answers: the kernel completes each
// handshake and queues the connection in the listen backlog, so a client's request stays in
// flight until its own timeout, or until it is stopped, which is what the tests check.

#include <string>
#include <vector>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace scriptorium::testing {

class SilentListener {
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof addr;
        m_ok = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
            && ::listen(m_fd, 8) == 0
            && ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &length) == 0;
        m_port = ntohs(addr.sin_port);
    }
    ~SilentListener()
    {
        for (const int fd : m_held)
            ::close(fd);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    SilentListener(const SilentListener &) = delete;
    SilentListener &operator=(const SilentListener &) = delete;

    bool ok() const { return m_ok; }
    /// OpenRouter-style base URL on this port.
    std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/api/v1"; }
    /// Whether a connection waits in the backlog (a request is in flight), waiting up to
    /// `timeoutMs` for one.
    bool hasWaitingConnection(int timeoutMs = 0) const
    {
        pollfd waiting{m_fd, POLLIN, 0};
        return ::poll(&waiting, 1, timeoutMs) == 1;
    }
    /// How many connections have come in so far: takes those waiting out of the backlog and
    /// holds them open, still unanswered (so hasWaitingConnection() sees only later ones). For
    /// a test that needs to know a second client's request went out too. Not thread-safe.
    int connectionsReceived()
    {
        while (hasWaitingConnection()) {
            const int fd = ::accept(m_fd, nullptr, nullptr);
            if (fd < 0)
                break;
            m_held.push_back(fd);
        }
        return static_cast<int>(m_held.size());
    }

private:
    int m_fd = -1;
    int m_port = 0;
    bool m_ok = false;
    std::vector<int> m_held; // accepted, never answered
};

} // namespace scriptorium::testing
