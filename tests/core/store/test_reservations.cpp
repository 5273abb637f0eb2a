// Money in flight survives a crash (issue 13): budget reservations are written to the library
// before a request is sent, released in the transaction that records the real cost, and a
// reservation left by a dead process is booked on the next start at what /generation says was
// billed (or its worst case when the request was never named) — or kept, counting as spent,
// while the bill cannot be learned. Generations a dead process left running are swept.
#include "novel/generation_recorder.h"
#include "novel/library_ledger.h"
#include "novel/recovered_draft.h"
#include "novel/shared_database.h"
#include "store/batch_store.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "store/database.h"
#include "store/generation_store.h"
#include "store/reservation_store.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/wait.h>
#include <unistd.h>

using namespace scriptorium;
using namespace scriptorium::store;

namespace {

/// The pid of a process that has exited (and been reaped): what a crashed run leaves behind.
std::int64_t deadPid()
{
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

double column(Database &db, const std::string &sql, std::int64_t id)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return -1;
    stmt->bind(1, id);
    (void)stmt->step();
    return stmt->real(0);
}

} // namespace

class TestReservations : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Database::open(std::filesystem::path(m_dir->path().toStdString()) / "lib.db");
        QVERIFY(db.has_value());
        m_db = std::move(*db);
        m_book = *BookStore(*m_db).create(Book{.title = "Ledger", .language = "en"});
        m_chapter = *ChapterStore(*m_db).add(m_book, Chapter{.title = "One"});
        ChapterStore(*m_db).add(m_book, Chapter{.title = "Two"}).value();
        m_batch = *BatchStore(*m_db).create(Batch{.bookId = m_book,
                                                  .firstPosition = 1,
                                                  .lastPosition = 2,
                                                  .mode = "parallel",
                                                  .concurrency = 2,
                                                  .budgetUsd = 1.0});
    }
    void cleanup()
    {
        m_db.reset();
        m_dir.reset();
    }

    void liveReservationsAreHeldNotOrphaned()
    {
        const std::int64_t g = generation();
        ReservationStore store(*m_db);
        auto id = store.open(Reservation{
            .generationId = g, .batchId = m_batch, .attemptIndex = 1, .reservedUsd = 0.25});
        QVERIFY(id.has_value());
        QVERIFY(store.identify(*id, "gen-live-1").has_value());
        QCOMPARE(*store.heldUsd(m_batch), 0.25);
        QVERIFY(store.orphaned()->empty()); // this process is alive
        QCOMPARE(*store.sweepRunning(), 0); // nor is its running generation swept
        QVERIFY(store.drop(*id).has_value());
        QCOMPARE(*store.heldUsd(m_batch), 0.0);
    }

    void recordingTheCostReleasesTheReservationInOneTransaction()
    {
        const std::int64_t g = generation();
        ReservationStore(*m_db)
            .open(Reservation{
                .generationId = g, .batchId = m_batch, .attemptIndex = 1, .reservedUsd = 0.4})
            .value();
        routing::GenerationResult result;
        result.text = "It was a dark night.";
        routing::AttemptRecord a;
        a.index = 1;
        a.model = "m";
        a.httpStatus = 200;
        a.costUsd = 0.03;
        a.costSource = routing::CostSource::Usage;
        result.attempts.push_back(a);
        QVERIFY(novel::finishGenerationRecord(*m_db, g, result, m_batch).has_value());
        QCOMPARE(*ReservationStore(*m_db).heldUsd(m_batch), 0.0);
        QCOMPARE(BatchStore(*m_db).get(m_batch)->spentUsd, 0.03);
    }

    void orphansAreBookedAtWhatWasBilled()
    {
        const std::int64_t dead = deadPid();
        QVERIFY(!processAlive(dead));
        const std::int64_t named = generation(dead);
        const std::int64_t unnamed = generation(dead);
        const std::int64_t unknown = generation(dead);
        ReservationStore store(*m_db);
        store
            .open(Reservation{.generationId = named,
                              .batchId = m_batch,
                              .attemptIndex = 1,
                              .reservedUsd = 0.5,
                              .openrouterId = "gen-billed",
                              .ownerPid = dead})
            .value();
        store
            .open(Reservation{.generationId = unnamed,
                              .batchId = m_batch,
                              .attemptIndex = 2,
                              .reservedUsd = 0.2,
                              .ownerPid = dead})
            .value();
        store
            .open(Reservation{.generationId = unknown,
                              .batchId = m_batch,
                              .attemptIndex = 1,
                              .reservedUsd = 0.1,
                              .openrouterId = "gen-unknown",
                              .ownerPid = dead})
            .value();
        QCOMPARE(store.orphaned()->size(), std::size_t(3));

        novel::SharedDatabase shared(*m_db);
        std::vector<std::string> asked;
        auto recovery = novel::recoverInterrupted(shared, [&](const std::vector<std::string> &ids) {
            asked = ids;
            openrouter::GenerationInfo info;
            info.id = "gen-billed";
            info.totalCost = 0.07;
            info.providerName = "DeepInfra";
            info.tokensPrompt = 900;
            info.tokensCompletion = 350;
            return std::map<std::string, openrouter::GenerationInfo>{{"gen-billed", info}};
        });
        QVERIFY(recovery.has_value());
        QCOMPARE(asked, (std::vector<std::string>{"gen-billed", "gen-unknown"}));
        QCOMPARE(recovery->booked, 2);
        QCOMPARE(recovery->pending, 1);
        QCOMPARE(recovery->bookedUsd, 0.07 + 0.2);
        // Booked: the billed one at its bill, the never-named one at its worst case, both in
        // the batch total; the unknown one still counts as spent through its reservation.
        QCOMPARE(BatchStore(*m_db).get(m_batch)->spentUsd, 0.07 + 0.2);
        QCOMPARE(*store.heldUsd(m_batch), 0.1);
        auto billed = GenerationStore(*m_db).get(named).value();
        QCOMPARE(billed.status, GenerationStatus::Failed);
        QCOMPARE(billed.errorClass, std::optional(ErrorCode::Interrupted));
        QCOMPARE(billed.costUsd, std::optional(0.07));
        QCOMPARE(billed.costSource, std::optional(CostSource::Generation));
        QCOMPARE(billed.output, std::string("partial text"));
        auto attempts = GenerationStore(*m_db).attempts(named).value();
        QCOMPARE(attempts.size(), std::size_t(1));
        QCOMPARE(attempts[0].provider, std::string("DeepInfra"));
        QCOMPARE(attempts[0].completionTokens, std::optional<std::int64_t>(350));
        QCOMPARE(attempts[0].errorClass, std::optional(ErrorCode::Interrupted));
        QCOMPARE(GenerationStore(*m_db).get(unnamed)->costSource,
                 std::optional(CostSource::Estimate));
        // The unknown one stays running until its bill is known; the dashboard's totals
        // (attempt costs) already hold the two booked ones.
        QCOMPARE(GenerationStore(*m_db).get(unknown)->status, GenerationStatus::Running);
        QCOMPARE(column(*m_db,
                        "SELECT total(a.cost_usd) FROM attempts a JOIN generations g ON "
                        "g.id = a.generation_id WHERE g.book_id = ?",
                        m_book),
                 0.07 + 0.2);

        // Offline, nothing more is learnt and nothing is lost.
        auto offline = novel::recoverInterrupted(shared, {});
        QCOMPARE(offline->booked, 0);
        QCOMPARE(offline->pending, 1);
        QCOMPARE(*store.heldUsd(m_batch), 0.1);
    }

    void deadRunningGenerationsAreSweptAsInterrupted()
    {
        const std::int64_t dead = generation(deadPid());
        const std::int64_t mine = generation();
        // A row from before schema 7 has no owner: its process is long gone.
        const std::int64_t old = generation();
        auto clear = m_db->prepare("UPDATE generations SET owner_pid = NULL WHERE id = ?");
        clear->bind(1, old);
        QVERIFY(clear->run().has_value());
        QCOMPARE(*ReservationStore(*m_db).sweepRunning(), 2);
        QCOMPARE(GenerationStore(*m_db).get(dead)->status, GenerationStatus::Failed);
        QCOMPARE(GenerationStore(*m_db).get(dead)->errorClass,
                 std::optional(ErrorCode::Interrupted));
        QCOMPARE(GenerationStore(*m_db).get(dead)->output, std::string("partial text"));
        QCOMPARE(GenerationStore(*m_db).get(old)->status, GenerationStatus::Failed);
        QCOMPARE(GenerationStore(*m_db).get(mine)->status, GenerationStatus::Running);
        // The text they streamed is offered back to the writer, newest first, until dismissed.
        auto offered = novel::recoveredDraft(*m_db, m_chapter);
        QVERIFY(offered.has_value() && offered->has_value());
        QCOMPARE((*offered)->generationId, old);
        QCOMPARE((*offered)->text, std::string("partial text"));
        QCOMPARE((*offered)->stage, std::string("draft"));
        QVERIFY(novel::dismissRecoveredDraft(*m_db, old).has_value());
        QCOMPARE((*novel::recoveredDraft(*m_db, m_chapter))->generationId, dead);
        QVERIFY(novel::dismissRecoveredDraft(*m_db, dead).has_value());
        QVERIFY(!novel::recoveredDraft(*m_db, m_chapter)->has_value());
        // The row keeps its text.
        QCOMPARE(GenerationStore(*m_db).get(dead)->output, std::string("partial text"));
    }

    void budgetOfABatchCanBeRaised()
    {
        BatchStore batches(*m_db);
        QVERIFY(batches.setBudget(m_batch, 2.5).has_value());
        QCOMPARE(batches.get(m_batch)->budgetUsd, std::optional(2.5));
        QCOMPARE(batches.setBudget(m_batch, -1.0).error().code, ErrorCode::InvalidArgument);
        QVERIFY(batches.setBudget(m_batch, std::nullopt).has_value());
        QVERIFY(!batches.get(m_batch)->budgetUsd);
    }

private:
    /// A running draft generation of chapter one, owned by `pid` (this process when 0).
    std::int64_t generation(std::int64_t pid = 0)
    {
        GenerationRecord g;
        g.bookId = m_book;
        g.chapterId = m_chapter;
        g.stage = "draft";
        g.model = "meta-llama/llama-3.3-70b-instruct";
        g.output = "partial text";
        const std::int64_t id = GenerationStore(*m_db).start(g).value();
        if (pid) {
            auto stmt = m_db->prepare("UPDATE generations SET owner_pid = ? WHERE id = ?");
            stmt->bind(1, pid).bind(2, id);
            (void)stmt->run();
        }
        return id;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::int64_t m_book = 0;
    std::int64_t m_chapter = 0;
    std::int64_t m_batch = 0;
};

QTEST_GUILESS_MAIN(TestReservations)
#include "test_reservations.moc"
