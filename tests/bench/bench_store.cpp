// Storage benchmark (issue 5): a library with a 2,000-chapter, 5-million-character book and
// 1,000,000 generation records; times the operations the GUI and CLI do most and checks them
// against their budgets. Run from a Release build:
//   build/release/bench/bench_store [library-file]   (default: a fresh file in /tmp)
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/rollup_key.h"
#include "store/search.h"
#include "store/stats.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

constexpr int kChapters = 2000;
constexpr int kCharsPerChapter = 2500; // 2,000 × 2,500 = 5,000,000 characters
constexpr int kGenerations = 1'000'000;

// Common CJK characters (UTF-8) the generated prose is drawn from.
const char *const kHanzi
    = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过"
      "天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些"
      "所"
      "同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正"
      "感"
      "见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫"
      "再"
      "书部水像眼等体却加电主界门利海受听表德少克代员许稜先口由死安写性马光白或住难望教命花结乐色";

std::vector<std::string> hanziList()
{
    std::vector<std::string> out;
    const std::string all = kHanzi;
    for (std::size_t i = 0; i + 3 <= all.size(); i += 3)
        out.push_back(all.substr(i, 3));
    return out;
}

std::string prose(std::mt19937 &rng, int characters)
{
    static const std::vector<std::string> hanzi = hanziList();
    std::uniform_int_distribution<std::size_t> pick(0, hanzi.size() - 1);
    std::string out;
    for (int i = 1; i <= characters; ++i) {
        out += hanzi[pick(rng)];
        if (i % 23 == 0)
            out += "。";
        if (i % 400 == 0)
            out += "\n\n";
    }
    return out;
}

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// Median of `runs` timings of `op` in milliseconds.
double median(int runs, const std::function<void(int)> &op)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        op(i);
        times.push_back(msSince(start));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

bool report(const char *what, double ms, double budget)
{
    const bool ok = ms <= budget;
    std::printf("%-44s %9.3f ms   budget %6.1f ms   %s\n", what, ms, budget, ok ? "ok" : "OVER");
    return ok;
}

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "bench_store: %s failed\n", what);
        std::exit(2);
    }
}

} // namespace

int main(int argc, char **argv)
{
    const std::filesystem::path file = argc > 1 ? std::filesystem::path(argv[1])
                                                : std::filesystem::temp_directory_path()
            / ("bench_store_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(file);
    auto opened = Database::open(file);
    check(opened.has_value(), "opening the library");
    Database &db = **opened;
    std::mt19937 rng(42);

    // ---- the book ----
    auto start = std::chrono::steady_clock::now();
    const auto book = *BookStore(db).create(Book{.title = "基准之书", .language = "zh"});
    ChapterStore chapters(db);
    check(inTransaction(db,
                        [&]() -> Status {
                            for (int i = 1; i <= kChapters; ++i) {
                                auto id
                                    = chapters.add(book,
                                                   Chapter{.title = "第" + std::to_string(i) + "章",
                                                           .body = prose(rng, kCharsPerChapter),
                                                           .status = ChapterStatus::Drafted});
                                if (!id)
                                    return fail(id.error());
                            }
                            return {};
                        })
              .has_value(),
          "writing chapters");
    std::printf("wrote %d chapters (%d characters) in %.1f s\n", kChapters,
                kChapters * kCharsPerChapter, msSince(start) / 1000);
    check(db.exec("PRAGMA wal_checkpoint(TRUNCATE)").has_value(), "checkpoint");
    const auto sizeBeforeGenerations = std::filesystem::file_size(file);

    // ---- a year of generation records ----
    start = std::chrono::steady_clock::now();
    const char *providers[] = {"DeepInfra", "Together", "Fireworks", "Novita"};
    const char *models[] = {"deepseek/deepseek-chat-v3", "qwen/qwen3-235b", "meta/llama-3.3-70b"};
    const char *stages[] = {"draft", "summary", "state"};
    const std::int64_t now = nowMs();
    const std::int64_t yearMs = 365LL * 24 * kHourMs;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    GenerationStore generations(db);
    const std::string prefs = R"({"order":["deepinfra","together"],"quantizations":["fp8"]})";
    for (int batch = 0; batch < kGenerations / 10000; ++batch) {
        check(inTransaction(db,
                            [&]() -> Status {
                                for (int k = 0; k < 10000; ++k) {
                                    const int n = batch * 10000 + k;
                                    const std::int64_t t0
                                        = now - yearMs + yearMs / kGenerations * n;
                                    const int chapterPos = 1 + n % kChapters;
                                    GenerationRecord g{.bookId = book,
                                                       .chapterId = chapterPos,
                                                       .stage = stages[n % 3],
                                                       .model = models[n % 3],
                                                       .status = GenerationStatus::Succeeded,
                                                       .startedAt = t0};
                                    auto gid = generations.start(g);
                                    if (!gid)
                                        return fail(gid.error());
                                    const bool failed = unit(rng) < 0.08;
                                    AttemptRecord a{.generationId = *gid,
                                                    .index = 0,
                                                    .model = models[n % 3],
                                                    .provider = providers[n % 4],
                                                    .providerSlug = "slug",
                                                    .endpointTag = "slug/fp8",
                                                    .quantization = n % 7 == 0 ? "fp16" : "fp8",
                                                    .quantizationExact = true,
                                                    .providerPreferences = prefs,
                                                    .httpStatus = failed ? 429 : 200,
                                                    .t0Ms = t0};
                                    if (failed) {
                                        a.errorClass = ErrorCode::RateLimit;
                                    } else {
                                        a.ttftMs = 200 + 2000 * unit(rng);
                                        a.decodeTps = 20 + 80 * unit(rng);
                                        a.e2eTps = 10 + 50 * unit(rng);
                                        a.promptTokens = 3000;
                                        a.completionTokens = 1500;
                                        a.costUsd = 0.0012 + 0.001 * unit(rng);
                                        a.costSource = CostSource::Usage;
                                        a.finishReason = "stop";
                                    }
                                    a.fallback = n % 11 == 0;
                                    a.degraded = n % 7 == 0;
                                    auto aid = generations.recordAttemptInTransaction(a);
                                    if (!aid)
                                        return fail(aid.error());
                                }
                                return {};
                            })
                  .has_value(),
              "writing generations");
    }
    std::printf("wrote %d generations with attempts in %.1f s\n", kGenerations,
                msSince(start) / 1000);
    check(db.exec("PRAGMA wal_checkpoint(TRUNCATE)").has_value(), "checkpoint");
    const auto sizeAfter = std::filesystem::file_size(file);
    std::printf("library file: %.1f MB; generation records: %.1f MB per million\n",
                static_cast<double>(sizeAfter) / 1e6,
                static_cast<double>(sizeAfter - sizeBeforeGenerations) / 1e6 * 1e6 / kGenerations);

    // ---- timings (fresh connection, as the app would have after opening) ----
    opened->reset();
    start = std::chrono::steady_clock::now();
    auto reopened = Database::open(file);
    check(reopened.has_value(), "reopening");
    std::printf("open with quick_check: %.1f ms\n", msSince(start));
    Database &live = **reopened;
    ChapterStore store(live);
    bool ok = true;
    ok &= report("chapter list (2,000 chapters)",
                 median(21, [&](int) { check(store.list(book).has_value(), "list"); }), 100);
    std::uniform_int_distribution<int> position(1, kChapters);
    ok &= report(
        "load one chapter",
        median(101, [&](int) { check(store.getAt(book, position(rng)).has_value(), "load"); }), 5);
    const std::string sample = store.getAt(book, 1234)->body.substr(300, 9); // 3 characters
    std::printf("full-text query term: %s\n", sample.c_str());
    ok &= report("full-text query (3+ characters, indexed)",
                 median(21,
                        [&](int) {
                            auto hits = search(live, sample, SearchOptions{.bookId = book});
                            check(hits.has_value() && !hits->empty(), "search");
                        }),
                 50);
    report(
        "full-text query (2 characters, scan; no budget)",
        median(5,
               [&](int) {
                   check(
                       search(live, sample.substr(0, 6), SearchOptions{.bookId = book}).has_value(),
                       "short search");
               }),
        1e9);
    ok &= report(
        "dashboard stats, 30 days",
        median(21,
               [&](int) {
                   auto stats = queryProviderStats(
                       live, StatsQuery{.sinceMs = now - 30LL * 24 * kHourMs, .untilMs = now + 1});
                   check(stats.has_value() && stats->total.requests > 0, "stats");
               }),
        100);
    const std::string body20k = prose(rng, 20000);
    const auto target = store.getAt(book, 777)->id;
    ok &= report("save a 20,000-character chapter",
                 median(41,
                        [&](int i) {
                            std::string text = body20k;
                            text += std::to_string(i); // a small edit each time
                            check(store.replaceBody(target, text, BodySource::Writer).has_value(),
                                  "save");
                        }),
                 10);
    reopened->reset();
    if (argc <= 1) {
        std::filesystem::remove(file);
        std::filesystem::remove(file.string() + "-wal");
        std::filesystem::remove(file.string() + "-shm");
        std::filesystem::remove_all(defaultBackupDir(file));
    }
    return ok ? 0 : 1;
}
