#include "store/schema.h"

#include <array>

namespace scriptorium::store {

namespace {

// Version 1: the writer's text. Timestamps are Unix milliseconds.
constexpr std::string_view kToVersion1 = R"sql(
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    author TEXT NOT NULL DEFAULT '',
    premise TEXT NOT NULL DEFAULT '',
    style_guide TEXT NOT NULL DEFAULT '',
    target_length INTEGER,
    target_unit TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE chapters (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'drafted', 'generated', 'edited', 'final')),
    target_length INTEGER,
    target_unit TEXT NOT NULL DEFAULT '',
    body_length INTEGER NOT NULL DEFAULT 0,
    body_source TEXT NOT NULL DEFAULT 'writer',
    body_revised_at INTEGER,
    deleted_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- Long texts last: a chapter list reads the columns above without touching overflow pages.
    outline TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    end_state TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX chapters_live_position ON chapters(book_id, position)
    WHERE deleted_at IS NULL;
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    replaced_by TEXT NOT NULL
        CHECK (replaced_by IN ('writer', 'generation', 'restore', 'import')),
    created_at INTEGER NOT NULL
);
CREATE INDEX revisions_chapter ON revisions(chapter_id, id);
CREATE TABLE bible_entries (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('character', 'place', 'item', 'lore', 'style')),
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX bible_book ON bible_entries(book_id, kind, name);
)sql";

// Version 2: what generating cost and how providers performed, plus hourly rollups kept on
// insert so the dashboard never scans raw attempts.
constexpr std::string_view kToVersion2 = R"sql(
CREATE TABLE generations (
    id INTEGER PRIMARY KEY,
    book_id INTEGER REFERENCES books(id) ON DELETE SET NULL,
    chapter_id INTEGER REFERENCES chapters(id) ON DELETE SET NULL,
    stage TEXT NOT NULL,
    model TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    provider TEXT,
    provider_slug TEXT,
    precision TEXT,
    precision_exact INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost_usd REAL,
    cost_source TEXT CHECK (cost_source IN ('usage', 'generation', 'estimate')),
    error_class TEXT,
    ttft_ms REAL,
    decode_tps REAL,
    e2e_tps REAL,
    output TEXT NOT NULL DEFAULT '',
    started_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX generations_book ON generations(book_id, chapter_id);
CREATE INDEX generations_started ON generations(started_at);
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    attempt_index INTEGER NOT NULL,
    model TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    provider_slug TEXT NOT NULL DEFAULT '',
    endpoint_tag TEXT NOT NULL DEFAULT '',
    quantization TEXT NOT NULL DEFAULT '',
    quantization_exact INTEGER NOT NULL DEFAULT 0,
    provider_preferences TEXT NOT NULL DEFAULT '{}',
    http_status INTEGER,
    error_class TEXT,
    t0_ms INTEGER NOT NULL,
    ttfb_ms REAL,
    ttft_ms REAL,
    decode_tps REAL,
    e2e_tps REAL,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost_usd REAL,
    cost_source TEXT CHECK (cost_source IN ('usage', 'generation', 'estimate')),
    fallback INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0,
    finish_reason TEXT,
    UNIQUE (generation_id, attempt_index)
);
CREATE INDEX attempts_t0 ON attempts(t0_ms);
CREATE TABLE attempt_rollups (
    hour INTEGER NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    precision TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    successes INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    fallbacks INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    costed_completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    ttft_hist BLOB,
    decode_hist BLOB,
    e2e_hist BLOB,
    PRIMARY KEY (hour, provider, model, precision)
) WITHOUT ROWID;
CREATE TABLE error_rollups (
    hour INTEGER NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    precision TEXT NOT NULL,
    error_class TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, provider, model, precision, error_class)
) WITHOUT ROWID;
ALTER TABLE revisions ADD COLUMN generation_id INTEGER
    REFERENCES generations(id) ON DELETE SET NULL;
)sql";

// Version 3: full-text search (trigram: works for Chinese and English alike) kept in sync by
// triggers, and resumable batches.
constexpr std::string_view kToVersion3 = R"sql(
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, kind UNINDEXED, book_id UNINDEXED, ref_id UNINDEXED,
    tokenize = 'trigram');
INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id)
    SELECT id * 2, title, body, 'chapter', book_id, id FROM chapters WHERE deleted_at IS NULL;
INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id)
    SELECT id * 2 + 1, trim(name || ' ' || aliases), text, kind, book_id, id FROM bible_entries;
CREATE TRIGGER chapters_fts_insert AFTER INSERT ON chapters WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id)
        VALUES (new.id * 2, new.title, new.body, 'chapter', new.book_id, new.id);
END;
-- Body saves are frequent (autosave) and re-indexing a long chapter costs tens of ms, so an
-- edit only queues the chapter; refreshSearchIndex() indexes the queue before a search.
CREATE TABLE search_pending (chapter_id INTEGER PRIMARY KEY);
CREATE TRIGGER chapters_fts_update AFTER UPDATE OF title, body, deleted_at ON chapters BEGIN
    INSERT OR IGNORE INTO search_pending(chapter_id) VALUES (new.id);
END;
CREATE TRIGGER chapters_fts_delete AFTER DELETE ON chapters BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 2;
    DELETE FROM search_pending WHERE chapter_id = old.id;
END;
CREATE TRIGGER bible_fts_insert AFTER INSERT ON bible_entries BEGIN
    INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id)
        VALUES (new.id * 2 + 1, trim(new.name || ' ' || new.aliases), new.text, new.kind,
                new.book_id, new.id);
END;
CREATE TRIGGER bible_fts_update AFTER UPDATE ON bible_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 2 + 1;
    INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id)
        VALUES (new.id * 2 + 1, trim(new.name || ' ' || new.aliases), new.text, new.kind,
                new.book_id, new.id);
END;
CREATE TRIGGER bible_fts_delete AFTER DELETE ON bible_entries BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 2 + 1;
END;
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    first_position INTEGER NOT NULL,
    last_position INTEGER NOT NULL,
    mode TEXT NOT NULL,
    concurrency INTEGER NOT NULL DEFAULT 1,
    budget_usd REAL,
    spent_usd REAL NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'paused', 'done', 'failed', 'cancelled')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE batch_items (
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped')),
    generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
    error_class TEXT,
    PRIMARY KEY (batch_id, chapter_id)
) WITHOUT ROWID;
)sql";

// Version 4: what each book × chapter × stage cost per hour, by model and precision, so the
// dashboard's cost breakdown reads a rollup instead of joining every attempt in its window.
// Book and chapter 0 stand for none (a primary key cannot hold NULL). Triggers keep it, not
// the code that records attempts, because the key comes from the generation: finishing a
// generation or deleting its book (ON DELETE SET NULL) changes it after its attempts were
// recorded, and a trigger sees every such change whoever makes it.
constexpr std::string_view kToVersion4 = R"sql(
CREATE TABLE cost_rollups (
    hour INTEGER NOT NULL,
    book_id INTEGER NOT NULL,
    chapter_id INTEGER NOT NULL,
    stage TEXT NOT NULL,
    model TEXT NOT NULL,
    precision TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, book_id, chapter_id, stage, model, precision)
) WITHOUT ROWID;
CREATE INDEX cost_rollups_book ON cost_rollups(book_id, hour);
-- The dashboard's change probe counts running generations every second; with only those in
-- the index it reads a handful of entries instead of every generation of the last hour.
CREATE INDEX generations_running ON generations(started_at) WHERE status = 'running';
INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                          failed_attempts, cost_usd)
    SELECT CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000 ELSE (a.t0_ms - 3599999) / 3600000 END,
           coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, a.model,
           CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END,
           count(*), count(a.error_class), total(a.cost_usd)
    FROM attempts a JOIN generations g ON g.id = a.generation_id
    GROUP BY 1, 2, 3, 4, 5, 6;
-- An attempt counts under its generation's current book, chapter and stage; a change takes
-- it away from its old row and adds it to its new one, and rows left without attempts go.
CREATE TRIGGER attempts_cost_insert AFTER INSERT ON attempts BEGIN
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN new.t0_ms >= 0 THEN new.t0_ms / 3600000
                    ELSE (new.t0_ms - 3599999) / 3600000 END,
               coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, new.model,
               CASE WHEN new.quantization != '' THEN new.quantization ELSE 'unknown' END, 1,
               (new.error_class IS NOT NULL), coalesce(new.cost_usd, 0)
        FROM generations g WHERE g.id = new.generation_id
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
END;
CREATE TRIGGER attempts_cost_update
AFTER UPDATE OF generation_id, model, quantization, error_class, t0_ms, cost_usd ON attempts BEGIN
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN old.t0_ms >= 0 THEN old.t0_ms / 3600000
                    ELSE (old.t0_ms - 3599999) / 3600000 END,
               coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, old.model,
               CASE WHEN old.quantization != '' THEN old.quantization ELSE 'unknown' END, -1,
               -(old.error_class IS NOT NULL), -coalesce(old.cost_usd, 0)
        FROM generations g WHERE g.id = old.generation_id
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN new.t0_ms >= 0 THEN new.t0_ms / 3600000
                    ELSE (new.t0_ms - 3599999) / 3600000 END,
               coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, new.model,
               CASE WHEN new.quantization != '' THEN new.quantization ELSE 'unknown' END, 1,
               (new.error_class IS NOT NULL), coalesce(new.cost_usd, 0)
        FROM generations g WHERE g.id = new.generation_id
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM cost_rollups WHERE attempts <= 0
        AND hour = CASE WHEN old.t0_ms >= 0 THEN old.t0_ms / 3600000
                        ELSE (old.t0_ms - 3599999) / 3600000 END;
END;
CREATE TRIGGER attempts_cost_delete AFTER DELETE ON attempts BEGIN
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN old.t0_ms >= 0 THEN old.t0_ms / 3600000
                    ELSE (old.t0_ms - 3599999) / 3600000 END,
               coalesce(g.book_id, 0), coalesce(g.chapter_id, 0), g.stage, old.model,
               CASE WHEN old.quantization != '' THEN old.quantization ELSE 'unknown' END, -1,
               -(old.error_class IS NOT NULL), -coalesce(old.cost_usd, 0)
        FROM generations g WHERE g.id = old.generation_id
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM cost_rollups WHERE attempts <= 0
        AND hour = CASE WHEN old.t0_ms >= 0 THEN old.t0_ms / 3600000
                        ELSE (old.t0_ms - 3599999) / 3600000 END;
END;
CREATE TRIGGER generations_cost_move AFTER UPDATE OF book_id, chapter_id, stage ON generations
WHEN old.book_id IS NOT new.book_id OR old.chapter_id IS NOT new.chapter_id
    OR old.stage IS NOT new.stage BEGIN
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                    ELSE (a.t0_ms - 3599999) / 3600000 END,
               coalesce(old.book_id, 0), coalesce(old.chapter_id, 0), old.stage, a.model,
               CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END, -count(*),
               -count(a.error_class), -total(a.cost_usd)
        FROM attempts a WHERE a.generation_id = old.id GROUP BY 1, 5, 6
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                    ELSE (a.t0_ms - 3599999) / 3600000 END,
               coalesce(new.book_id, 0), coalesce(new.chapter_id, 0), new.stage, a.model,
               CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END, count(*),
               count(a.error_class), total(a.cost_usd)
        FROM attempts a WHERE a.generation_id = old.id GROUP BY 1, 5, 6
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM cost_rollups WHERE attempts <= 0 AND book_id = coalesce(old.book_id, 0)
        AND chapter_id = coalesce(old.chapter_id, 0) AND stage = old.stage;
END;
-- Before the row goes: the cascade that deletes the attempts runs after it, when their
-- generation can no longer be found (so attempts_cost_delete adds nothing then).
CREATE TRIGGER generations_cost_delete BEFORE DELETE ON generations BEGIN
    INSERT INTO cost_rollups (hour, book_id, chapter_id, stage, model, precision, attempts,
                              failed_attempts, cost_usd)
        SELECT CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                    ELSE (a.t0_ms - 3599999) / 3600000 END,
               coalesce(old.book_id, 0), coalesce(old.chapter_id, 0), old.stage, a.model,
               CASE WHEN a.quantization != '' THEN a.quantization ELSE 'unknown' END, -count(*),
               -count(a.error_class), -total(a.cost_usd)
        FROM attempts a WHERE a.generation_id = old.id GROUP BY 1, 5, 6
        ON CONFLICT (hour, book_id, chapter_id, stage, model, precision) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM cost_rollups WHERE attempts <= 0 AND book_id = coalesce(old.book_id, 0)
        AND chapter_id = coalesce(old.chapter_id, 0) AND stage = old.stage;
END;
)sql";

// Version 5: the rollups a long dashboard window and a one-book dashboard read, so neither
// joins every attempt in its window.
// - book_attempt_rollups / book_error_rollups: attempt_rollups and error_rollups per book. Their
//   histograms are built in C++ (addToRollups), so SQL cannot move an attempt out of one;
//   instead a change that moves attempts between books marks the (book, hour) stale and
//   repairBookRollups() rebuilds it from the raw attempts. Every existing (book, hour) starts
//   stale, so the first open after the upgrade fills the tables.
// - daily_cost_rollups: cost_rollups per UTC day without model and precision, kept by triggers
//   on cost_rollups itself so it follows whatever changes that table.
constexpr std::string_view kToVersion5 = R"sql(
CREATE TABLE book_attempt_rollups (
    book_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    precision TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    successes INTEGER NOT NULL DEFAULT 0,
    cancelled INTEGER NOT NULL DEFAULT 0,
    fallbacks INTEGER NOT NULL DEFAULT 0,
    degraded INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    costed_completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    ttft_hist BLOB,
    decode_hist BLOB,
    e2e_hist BLOB,
    PRIMARY KEY (book_id, hour, provider, model, precision)
) WITHOUT ROWID;
CREATE TABLE book_error_rollups (
    book_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    precision TEXT NOT NULL,
    error_class TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (book_id, hour, provider, model, precision, error_class)
) WITHOUT ROWID;
CREATE TABLE book_rollup_stale (
    book_id INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    PRIMARY KEY (book_id, hour)
) WITHOUT ROWID;
INSERT INTO book_rollup_stale (book_id, hour)
    SELECT DISTINCT g.book_id, CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                                    ELSE (a.t0_ms - 3599999) / 3600000 END
    FROM attempts a JOIN generations g ON g.id = a.generation_id WHERE g.book_id IS NOT NULL;
-- A generation that changes book takes its attempts' hours with it, in both books. A book
-- that is being deleted gets no mark: its rows go with it (books_rollup_delete).
CREATE TRIGGER generations_book_rollup_move AFTER UPDATE OF book_id ON generations
WHEN old.book_id IS NOT new.book_id BEGIN
    INSERT OR IGNORE INTO book_rollup_stale (book_id, hour)
        SELECT b.id, CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                          ELSE (a.t0_ms - 3599999) / 3600000 END
        FROM attempts a JOIN books b ON b.id IN (old.book_id, new.book_id)
        WHERE a.generation_id = old.id;
END;
CREATE TRIGGER generations_book_rollup_delete BEFORE DELETE ON generations
WHEN old.book_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO book_rollup_stale (book_id, hour)
        SELECT old.book_id, CASE WHEN a.t0_ms >= 0 THEN a.t0_ms / 3600000
                                 ELSE (a.t0_ms - 3599999) / 3600000 END
        FROM attempts a WHERE a.generation_id = old.id;
END;
CREATE TRIGGER attempts_book_rollup_delete AFTER DELETE ON attempts BEGIN
    INSERT OR IGNORE INTO book_rollup_stale (book_id, hour)
        SELECT g.book_id, CASE WHEN old.t0_ms >= 0 THEN old.t0_ms / 3600000
                               ELSE (old.t0_ms - 3599999) / 3600000 END
        FROM generations g WHERE g.id = old.generation_id AND g.book_id IS NOT NULL;
END;
CREATE TRIGGER books_rollup_delete AFTER DELETE ON books BEGIN
    DELETE FROM book_attempt_rollups WHERE book_id = old.id;
    DELETE FROM book_error_rollups WHERE book_id = old.id;
    DELETE FROM book_rollup_stale WHERE book_id = old.id;
END;

CREATE TABLE daily_cost_rollups (
    day INTEGER NOT NULL,
    book_id INTEGER NOT NULL,
    chapter_id INTEGER NOT NULL,
    stage TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (day, book_id, chapter_id, stage)
) WITHOUT ROWID;
CREATE INDEX daily_cost_rollups_book ON daily_cost_rollups(book_id, day);
INSERT INTO daily_cost_rollups (day, book_id, chapter_id, stage, attempts, failed_attempts,
                                cost_usd)
    SELECT CASE WHEN hour >= 0 THEN hour / 24 ELSE (hour - 23) / 24 END, book_id, chapter_id,
           stage, sum(attempts), sum(failed_attempts), total(cost_usd)
    FROM cost_rollups GROUP BY 1, 2, 3, 4;
CREATE TRIGGER cost_rollups_daily_insert AFTER INSERT ON cost_rollups BEGIN
    INSERT INTO daily_cost_rollups (day, book_id, chapter_id, stage, attempts, failed_attempts,
                                    cost_usd)
        VALUES (CASE WHEN new.hour >= 0 THEN new.hour / 24 ELSE (new.hour - 23) / 24 END,
                new.book_id, new.chapter_id, new.stage, new.attempts, new.failed_attempts,
                new.cost_usd)
        ON CONFLICT (day, book_id, chapter_id, stage) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
END;
CREATE TRIGGER cost_rollups_daily_update AFTER UPDATE ON cost_rollups BEGIN
    INSERT INTO daily_cost_rollups (day, book_id, chapter_id, stage, attempts, failed_attempts,
                                    cost_usd)
        VALUES (CASE WHEN old.hour >= 0 THEN old.hour / 24 ELSE (old.hour - 23) / 24 END,
                old.book_id, old.chapter_id, old.stage, -old.attempts, -old.failed_attempts,
                -old.cost_usd)
        ON CONFLICT (day, book_id, chapter_id, stage) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    INSERT INTO daily_cost_rollups (day, book_id, chapter_id, stage, attempts, failed_attempts,
                                    cost_usd)
        VALUES (CASE WHEN new.hour >= 0 THEN new.hour / 24 ELSE (new.hour - 23) / 24 END,
                new.book_id, new.chapter_id, new.stage, new.attempts, new.failed_attempts,
                new.cost_usd)
        ON CONFLICT (day, book_id, chapter_id, stage) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM daily_cost_rollups WHERE attempts <= 0 AND book_id = old.book_id
        AND chapter_id = old.chapter_id AND stage = old.stage
        AND day = CASE WHEN old.hour >= 0 THEN old.hour / 24 ELSE (old.hour - 23) / 24 END;
END;
CREATE TRIGGER cost_rollups_daily_delete AFTER DELETE ON cost_rollups BEGIN
    INSERT INTO daily_cost_rollups (day, book_id, chapter_id, stage, attempts, failed_attempts,
                                    cost_usd)
        VALUES (CASE WHEN old.hour >= 0 THEN old.hour / 24 ELSE (old.hour - 23) / 24 END,
                old.book_id, old.chapter_id, old.stage, -old.attempts, -old.failed_attempts,
                -old.cost_usd)
        ON CONFLICT (day, book_id, chapter_id, stage) DO UPDATE SET
            attempts = attempts + excluded.attempts,
            failed_attempts = failed_attempts + excluded.failed_attempts,
            cost_usd = cost_usd + excluded.cost_usd;
    DELETE FROM daily_cost_rollups WHERE attempts <= 0 AND book_id = old.book_id
        AND chapter_id = old.chapter_id AND stage = old.stage
        AND day = CASE WHEN old.hour >= 0 THEN old.hour / 24 ELSE (old.hour - 23) / 24 END;
END;
)sql";

// Version 6 (issue 12): why each attempt went where it went — the routing strategy, its
// one-line reason, and OpenRouter's failed tries inside the request (provider_responses).
constexpr std::string_view kToVersion6 = R"sql(
ALTER TABLE attempts ADD COLUMN routing_strategy TEXT NOT NULL DEFAULT 'static';
ALTER TABLE attempts ADD COLUMN routing_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN internal_attempts TEXT NOT NULL DEFAULT '[]';
)sql";

// Version 7 (issue 13): money in flight survives a crash. Each attempt's budget reservation is
// written before the request is sent and removed in the transaction that records its real
// cost; a row left behind by a dead process counts as spent until /generation says what was
// billed. owner_pid tells a crashed generation (its process is gone) from a running one;
// draft_dismissed records that the writer put aside the text a crash left (novel/recovered_draft).
// Issue 14: settings that belong to the library rather than to the user (a book's routing
// preset: book ids repeat across libraries). Keys "book:<id>:<name>" are the book's and go
// with it, so a later book that reuses the id starts clean (store/library_settings.h).
constexpr std::string_view kToVersion7 = R"sql(
CREATE TABLE budget_reservations (
    id INTEGER PRIMARY KEY,
    generation_id INTEGER NOT NULL,
    batch_id INTEGER,
    attempt_index INTEGER NOT NULL,
    reserved_usd REAL NOT NULL CHECK (reserved_usd >= 0),
    openrouter_id TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX budget_reservations_generation ON budget_reservations(generation_id);
CREATE INDEX budget_reservations_batch ON budget_reservations(batch_id);
ALTER TABLE generations ADD COLUMN owner_pid INTEGER;
ALTER TABLE generations ADD COLUMN draft_dismissed INTEGER NOT NULL DEFAULT 0;
CREATE TABLE library_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER books_delete_settings AFTER DELETE ON books BEGIN
    DELETE FROM library_settings WHERE key GLOB 'book:' || old.id || ':*';
END;
)sql";

// Version 8 (issue 15): what a generation wrote, not only what it cost. Findings of the local
// quality checks and of the continuity audit, per generation (whose row carries provider,
// precision, model and degraded flag: the provenance). quality_checked marks the generations
// the local checks ran on, so a finding rate divides by the text that was checked, not by every
// generation. A finding the writer marks intentional is remembered by its fingerprint per book
// (quality_intentional), so the same finding in a regenerated chapter is stored as intentional
// and never shown again; findings are kept when a chapter is regenerated, as history.
constexpr std::string_view kToVersion8 = R"sql(
ALTER TABLE generations ADD COLUMN quality_checked INTEGER NOT NULL DEFAULT 0;
CREATE TABLE quality_findings (
    id INTEGER PRIMARY KEY,
    generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('local', 'audit')),
    kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('minor', 'major')),
    begin_offset INTEGER NOT NULL DEFAULT 0,
    end_offset INTEGER NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '',
    intentional INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX quality_findings_generation ON quality_findings(generation_id);
CREATE TABLE quality_intentional (
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    marked_at INTEGER NOT NULL,
    PRIMARY KEY (book_id, fingerprint)
) WITHOUT ROWID;
)sql";

// Version 9 (issue 16): what the writer wrote each day, by hand and accepted from a
// generation, in the book's length unit (util/text_stats.h counts words and CJK characters
// alike, so the numbers need no unit column; the book's language names it). Only growth is
// counted: a save that shortens a chapter adds nothing (store/writing_log.h). `day` is the
// writer's local date, so a streak follows their calendar rather than UTC's.
constexpr std::string_view kToVersion9 = R"sql(
CREATE TABLE writing_days (
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    by_hand INTEGER NOT NULL DEFAULT 0 CHECK (by_hand >= 0),
    accepted INTEGER NOT NULL DEFAULT 0 CHECK (accepted >= 0),
    PRIMARY KEY (book_id, day)
) WITHOUT ROWID;
)sql";

// Version 10 (issue 16): a chapter's scene beats, and what analysing an imported book derived.
// Beats are rows, not JSON inside the outline, so the Outline panel can reorder one without
// rewriting the rest. A bible entry says where it came from: `origin` is 'writer', 'setup'
// (book setup invented it) or 'analysis' (derived from the writer's own chapters, with the
// chapter it was first found in); analysed entries stay `reviewed = 0` until the writer accepts
// them in the Story Bible panel, and prompts use only reviewed entries. `book_analysis` keeps
// which chapters an analysis has read (and by which generation), so a stopped or over-budget
// analysis resumes where it ended.
constexpr std::string_view kToVersion10 = R"sql(
CREATE TABLE chapter_beats (
    id INTEGER PRIMARY KEY,
    chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    pov TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX chapter_beats_order ON chapter_beats(chapter_id, position);
ALTER TABLE bible_entries ADD COLUMN origin TEXT NOT NULL DEFAULT 'writer'
    CHECK (origin IN ('writer', 'setup', 'analysis'));
ALTER TABLE bible_entries ADD COLUMN source_chapter_id INTEGER
    REFERENCES chapters(id) ON DELETE SET NULL;
ALTER TABLE bible_entries ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 1;
CREATE TABLE book_analysis (
    book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
    chapter_id INTEGER NOT NULL REFERENCES chapters(id) ON DELETE CASCADE,
    generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
    analysed_at INTEGER NOT NULL,
    PRIMARY KEY (book_id, chapter_id)
) WITHOUT ROWID;
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kSteps{
    kToVersion1, kToVersion2, kToVersion3, kToVersion4, kToVersion5,
    kToVersion6, kToVersion7, kToVersion8, kToVersion9, kToVersion10};

} // namespace

std::span<const std::string_view> migrationSteps()
{
    return kSteps;
}

} // namespace scriptorium::store
