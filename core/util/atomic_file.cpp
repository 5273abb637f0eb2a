#include "util/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace scriptorium {

namespace {

std::unexpected<Error> errnoError(int error, const std::string &what,
                                  const std::filesystem::path &target)
{
    const std::string reason = std::strerror(error);
    const std::string where = target.string();
    switch (error) {
    case ENOSPC:
    case EDQUOT:
        return fail(ErrorCode::DiskFull,
                    "The disk is full, so " + where
                        + " was not written. Free some space and try again.",
                    what + ": " + reason);
    case EROFS:
    case EACCES:
    case EPERM:
        return fail(ErrorCode::ReadOnly,
                    "Cannot write " + where + ": the folder is read-only. Choose another location.",
                    what + ": " + reason);
    case EFBIG:
        return fail(ErrorCode::TooLarge,
                    "Cannot write " + where + ": the file is larger than this file system allows.",
                    what + ": " + reason);
    case ENOENT:
    case ENOTDIR:
        return fail(ErrorCode::NotFound,
                    "Cannot write " + where
                        + ": its folder does not exist. Create it or choose another location.",
                    what + ": " + reason);
    default:
        return fail(ErrorCode::Io,
                    "Writing " + where + " failed (" + reason
                        + "). Try again or choose another location.",
                    what + ": " + reason);
    }
}

// Closes the descriptor and removes the temporary file unless release() was called.
class TempFile {
public:
    TempFile(int fd, std::string path)
        : m_fd(fd)
        , m_path(std::move(path))
    {
    }
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;
    ~TempFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }

    int fd() const { return m_fd; }
    const std::string &path() const { return m_path; }

    int close()
    {
        const int rc = ::close(m_fd);
        m_fd = -1;
        return rc;
    }

    void release() { m_path.clear(); }

private:
    int m_fd;
    std::string m_path;
};

// Creates "<directory>/.<name>.<random>" exclusively and returns its descriptor (or -1 with
// errno). Not mkostemp(): that always creates mode 0600, while opening with 0666 lets the
// kernel apply the user's umask (and a default ACL) like for any other new file.
int createTempFile(const std::filesystem::path &directory, const std::filesystem::path &target,
                   std::string &path)
{
    static std::atomic<std::uint64_t> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        // splitmix64 over pid, time and a counter: unique enough, and O_EXCL catches the rest.
        std::uint64_t x = (static_cast<std::uint64_t>(::getpid()) << 32)
            ^ static_cast<std::uint64_t>(
                              std::chrono::steady_clock::now().time_since_epoch().count())
            ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ULL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        x ^= x >> 31;
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, ".%012llx",
                      static_cast<unsigned long long>(x & 0xFFFFFFFFFFFFULL));
        // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "." + name.
        std::string name = ".";
        name += target.filename().string();
        name += suffix;
        path = (directory / name).string();
        const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

} // namespace

Status writeFileAtomically(const std::filesystem::path &target, std::string_view bytes)
{
    std::filesystem::path directory = target.parent_path();
    if (directory.empty())
        directory = ".";
    struct stat existing { };
    const bool replaces = ::stat(target.c_str(), &existing) == 0;
    if (replaces && S_ISDIR(existing.st_mode))
        return fail(ErrorCode::InvalidArgument,
                    target.string() + " is a folder. Give a file name to write to.");

    std::string tempPath;
    const int fd = createTempFile(directory, target, tempPath);
    if (fd < 0)
        return errnoError(errno, "create temporary file", target);
    TempFile temp(fd, std::move(tempPath));

    // A new file keeps the mode open() gave it (0666 minus the umask); a replaced one keeps
    // its own.
    if (replaces && ::fchmod(temp.fd(), existing.st_mode & 07777) != 0)
        return errnoError(errno, "set permissions", target);

    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(temp.fd(), bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errnoError(errno, "write", target);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(temp.fd()) != 0)
        return errnoError(errno, "fsync", target);
    if (temp.close() != 0)
        return errnoError(errno, "close", target);
    if (::rename(temp.path().c_str(), target.c_str()) != 0)
        return errnoError(errno, "rename", target);
    temp.release();

    // Make the rename itself durable; failing here leaves the new file in place, so it is not
    // reported as an error.
    const int dirFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

Status createParentDirectories(const std::filesystem::path &target)
{
    const std::filesystem::path directory = target.parent_path();
    if (directory.empty())
        return {};
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
        return errnoError(ec.value(), "create folder " + directory.string(), target);
    return {};
}

} // namespace scriptorium
