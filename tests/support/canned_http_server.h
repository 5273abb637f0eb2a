#pragma once

// A loopback HTTP server for tests that need one fixed answer: it records every request it
// receives (head and body) and answers each with the same canned response, then closes the
// connection. Stands in for a proxy, a misbehaving catalog, or a server whose only job is to
// show what a client sent.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace scriptorium::testing {

/// "HTTP/1.1 <status> …" with a JSON body and Connection: close.
inline std::string cannedResponse(int status, const std::string &body)
{
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

class CannedHttpServer {
public:
    explicit CannedHttpServer(std::string response)
        : m_response(std::move(response))
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
        ::listen(m_listen, 8);
        socklen_t len = sizeof addr;
        ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CannedHttpServer()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_listen);
    }
    CannedHttpServer(const CannedHttpServer &) = delete;
    CannedHttpServer &operator=(const CannedHttpServer &) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::string baseUrl() const { return url() + "/api/v1"; }

    /// Every request received so far, head and body as sent.
    std::vector<std::string> requests()
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    /// The body of the first request, waiting up to `timeout` for it (empty when none came).
    std::string firstBody(std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, timeout, [&] { return !m_requests.empty(); });
        if (m_requests.empty())
            return {};
        const auto end = m_requests.front().find("\r\n\r\n");
        return end == std::string::npos ? std::string() : m_requests.front().substr(end + 4);
    }

private:
    void serve()
    {
        while (!m_stop) {
            pollfd lp{m_listen, POLLIN, 0};
            if (::poll(&lp, 1, 20) <= 0)
                continue;
            const int fd = ::accept(m_listen, nullptr, nullptr);
            if (fd < 0)
                continue;
            const std::string request = readRequest(fd);
            ::send(fd, m_response.data(), m_response.size(), MSG_NOSIGNAL);
            ::close(fd);
            std::lock_guard lock(m_mutex);
            m_requests.push_back(request);
            m_cv.notify_all();
        }
    }

    // The head, then as many body bytes as Content-Length says.
    static std::string readRequest(int fd)
    {
        std::string data;
        std::size_t want = std::string::npos;
        char buf[4096];
        while (want == std::string::npos || data.size() < want) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 1000) <= 0)
                break;
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            data.append(buf, static_cast<std::size_t>(n));
            const auto end = data.find("\r\n\r\n");
            if (end != std::string::npos && want == std::string::npos) {
                std::string head = data.substr(0, end);
                std::ranges::transform(head, head.begin(), [](unsigned char c) {
                    return static_cast<char>(std::tolower(c));
                });
                const auto at = head.find("content-length:");
                want = end + 4 + (at == std::string::npos ? 0 : std::stoul(head.substr(at + 15)));
            }
        }
        return data;
    }

    std::string m_response;
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<std::string> m_requests;
};

} // namespace scriptorium::testing
