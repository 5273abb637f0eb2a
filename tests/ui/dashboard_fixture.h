#pragma once

// The fixed data set of the dashboard tests (test_dashboard, test_dashboard_connection): three
// providers, two precisions, one book, with hand-computed expectations in test_dashboard.cpp.

#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "util/error.h"

#include <QString>
#include <QTest>

#include <cstdint>
#include <optional>
#include <string>

namespace scriptorium::test {

using namespace scriptorium;

constexpr std::int64_t kNow = 1'800'000'000'000; // on an hour boundary
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr const char *kModel = "meta-llama/llama-3.1-8b-instruct";

struct Attempt {
    std::optional<std::int64_t> book;
    std::optional<std::int64_t> chapter;
    std::string stage;
    std::string provider;
    std::string precision;
    std::int64_t t0;
    std::optional<ErrorCode> error;
    std::optional<double> ttft;
    std::optional<double> decode;
    std::optional<double> e2e;
    std::int64_t completion;
    std::optional<double> cost;
    bool fallback = false;
};

inline void record(store::Database &db, const Attempt &a)
{
    store::GenerationStore generations(db);
    store::GenerationRecord g;
    g.bookId = a.book;
    g.chapterId = a.chapter;
    g.stage = a.stage;
    g.model = kModel;
    g.startedAt = a.t0;
    auto id = generations.start(g);
    QVERIFY(id.has_value());
    g.id = *id;
    g.status = a.error ? store::GenerationStatus::Failed : store::GenerationStatus::Succeeded;
    g.finishedAt = a.t0 + 1000;
    QVERIFY(generations.finish(g).has_value());
    store::AttemptRecord r;
    r.generationId = *id;
    r.index = 1;
    r.model = kModel;
    r.provider = a.provider;
    r.providerSlug = QString::fromStdString(a.provider).toLower().toStdString();
    r.quantization = a.precision;
    r.quantizationExact = true;
    r.errorClass = a.error;
    r.t0Ms = a.t0;
    r.ttftMs = a.ttft;
    r.decodeTps = a.decode;
    r.e2eTps = a.e2e;
    r.promptTokens = 100;
    r.completionTokens = a.completion;
    r.costUsd = a.cost;
    r.costSource = a.cost ? std::optional(store::CostSource::Usage) : std::nullopt;
    r.fallback = a.fallback;
    QVERIFY(generations.recordAttempt(r).has_value());
}

/// The fixed data set; returns the book id. Hand-computed expectations are in the _data table.
inline std::int64_t buildLibrary(const QString &path, bool withBaseline = false)
{
    auto db = store::Database::open(path.toStdString());
    if (!db)
        qFatal("library: %s", db.error().message.c_str());
    store::BookStore books(**db);
    store::Book book;
    book.title = "Harbour Lights";
    const std::int64_t bookId = books.create(book).value();
    store::ChapterStore chapters(**db);
    store::Chapter chapter;
    chapter.title = "Dawn";
    std::string body;
    for (int i = 0; i < 400; ++i)
        body += "word ";
    chapter.body = body;
    const std::int64_t chapterId = chapters.add(bookId, chapter).value();

    const std::int64_t h2 = kNow - 2 * kHour;
    // DeepInfra fp8: three successes (one outside the book) and one 429 retry.
    record(**db,
           {bookId, chapterId, "draft", "DeepInfra", "fp8", h2, {}, 200, 100, 80, 200, 0.002});
    record(**db,
           {bookId, chapterId, "draft", "DeepInfra", "fp8", h2 + 1, {}, 300, 120, 90, 300, 0.003});
    record(**db,
           {bookId,
            chapterId,
            "draft",
            "DeepInfra",
            "fp8",
            h2 + 2,
            ErrorCode::RateLimit,
            {},
            {},
            {},
            0,
            {}});
    record(
        **db,
        {{}, {}, "summary", "DeepInfra", "fp8", kNow - 5 * kMinute, {}, 400, 140, 100, 500, 0.005});
    // Fireworks bf16: a fallback success and an abandoned (cancelled) attempt that still cost.
    const std::int64_t h3 = kNow - 3 * kHour;
    record(
        **db,
        {bookId, chapterId, "draft", "Fireworks", "bf16", h3, {}, 500, 80, 60, 100, 0.004, true});
    record(**db,
           {bookId,
            chapterId,
            "draft",
            "Fireworks",
            "bf16",
            h3 + 1,
            ErrorCode::Cancelled,
            {},
            {},
            {},
            10,
            0.0005});
    // Three days ago: only in the 7-day window.
    record(**db,
           {{}, {}, "draft", "DeepInfra", "fp8", kNow - 3 * kDay, {}, 250, 200, 150, 1000, 1.0});
    if (withBaseline) {
        for (int i = 0; i < 6; ++i) {
            record(**db,
                   {{},
                    {},
                    "draft",
                    "DeepInfra",
                    "fp8",
                    kNow - 10 * kDay + i,
                    {},
                    250,
                    200,
                    150,
                    1000,
                    0.001});
        }
    }
    return bookId;
}

} // namespace scriptorium::test
