// A child process for test_store_crash: writes to a library in a loop and reports each write
// it knows is committed on stdout, until the test kills it with SIGKILL.
//
//   store_crash_child saves  DB CHAPTER_ID   chapter body "save N …", N counting up
//   store_crash_child stream DB GENERATION   streamed text "0,1,2,…" through StreamingTextWriter
//   store_crash_child books  DB COUNT        COUNT books, each in its own transaction
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/streaming_text_writer.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include <unistd.h>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

// Paces the loops without sleeping: a timed wait nobody signals.
void pause(std::chrono::milliseconds d)
{
    static std::mutex mutex;
    static std::condition_variable never;
    std::unique_lock lock(mutex);
    never.wait_for(lock, d, [] { return false; });
}

int saves(const char *db, std::int64_t chapterId)
{
    auto opened = Database::open(db);
    if (!opened)
        return 2;
    ChapterStore chapters(**opened);
    auto current = chapters.get(chapterId);
    if (!current)
        return 3;
    long n = current->body.empty() ? 0 : std::strtol(current->body.c_str() + 5, nullptr, 10);
    const std::string padding(20000, 'p');
    while (true) {
        ++n;
        auto saved = chapters.replaceBody(chapterId, "save " + std::to_string(n) + " " + padding,
                                          BodySource::Writer);
        if (!saved)
            return 4;
        std::printf("%ld\n", n);
        std::fflush(stdout);
    }
}

int stream(const char *db, std::int64_t generationId)
{
    auto writer = StreamingTextWriter::start(db, generationId,
                                             {.flushInterval = std::chrono::milliseconds(20)});
    if (!writer)
        return 2;
    std::size_t reported = 0;
    for (long i = 0;; ++i) {
        (*writer)->append(std::to_string(i) + ",");
        const std::size_t persisted = (*writer)->persistedBytes();
        if (persisted != reported) {
            reported = persisted;
            std::printf("%zu\n", persisted);
            std::fflush(stdout);
        }
        pause(std::chrono::milliseconds(1));
    }
}

int books(const char *db, int count)
{
    OpenOptions options;
    options.busyTimeoutMs = 10000;
    auto opened = Database::open(db, options);
    if (!opened) {
        std::fprintf(stderr, "%s\n", opened.error().message.c_str());
        return opened.error().code == ErrorCode::Busy ? 9 : 2;
    }
    BookStore store(**opened);
    for (int i = 0; i < count; ++i) {
        auto made = store.create(
            Book{.title = "pid " + std::to_string(::getpid()) + " #" + std::to_string(i)});
        if (!made) {
            std::fprintf(stderr, "%s\n", made.error().message.c_str());
            return made.error().code == ErrorCode::Busy ? 9 : 3;
        }
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4)
        return 1;
    const std::string mode = argv[1];
    if (mode == "saves")
        return saves(argv[2], std::atoll(argv[3]));
    if (mode == "stream")
        return stream(argv[2], std::atoll(argv[3]));
    if (mode == "books")
        return books(argv[2], std::atoi(argv[3]));
    return 1;
}
