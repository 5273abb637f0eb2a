#include "store/search.h"

#include "store/database.h"
#include "util/utf8.h"

#include <algorithm>
#include <cctype>

namespace scriptorium::store {

namespace {

constexpr std::size_t kSnippetContext = 40; // code points either side of the first match

std::size_t codePoints(std::string_view text)
{
    std::size_t n = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    }
    return n;
}

std::vector<std::string> splitTerms(std::string_view query)
{
    std::vector<std::string> terms;
    std::string current;
    for (const char c : query) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!current.empty())
                terms.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty())
        terms.push_back(std::move(current));
    // Ideographic space (U+3000) separates Chinese terms too.
    std::vector<std::string> out;
    for (const std::string &term : terms) {
        std::size_t start = 0;
        while (true) {
            const std::size_t at = term.find("\xe3\x80\x80", start);
            const std::string part = term.substr(start, at == std::string::npos ? at : at - start);
            if (!part.empty())
                out.push_back(part);
            if (at == std::string::npos)
                break;
            start = at + 3;
        }
    }
    return out;
}

std::string phrase(std::string_view term)
{
    std::string out = "\"";
    for (const char c : term) {
        if (c == '"')
            out += "\"\"";
        else
            out.push_back(c);
    }
    return out + "\"";
}

std::string likePattern(std::string_view term)
{
    std::string out = "%";
    for (const char c : term) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    return out + "%";
}

std::string lowerAscii(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Moves `at` back to the start of a UTF-8 sequence.
std::size_t alignBack(std::string_view text, std::size_t at)
{
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
        --at;
    return at;
}

std::size_t stepCodePoints(std::string_view text, std::size_t at, std::size_t n, bool forward)
{
    for (std::size_t i = 0; i < n; ++i) {
        if (forward) {
            if (at >= text.size())
                break;
            ++at;
            while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
                ++at;
        } else {
            if (at == 0)
                break;
            at = alignBack(text, at - 1);
        }
    }
    return at;
}

// A snippet for matches the index did not highlight (short terms): the text around the first
// occurrence of any term, with every occurrence inside it marked.
std::string makeSnippet(std::string_view text, const std::vector<std::string> &terms,
                        const SearchOptions &options)
{
    const std::string lower = lowerAscii(text);
    std::size_t first = std::string::npos;
    for (const std::string &term : terms)
        first = std::min(first, lower.find(lowerAscii(term)));
    if (first == std::string::npos)
        first = 0;
    const std::size_t begin = stepCodePoints(text, first, kSnippetContext, false);
    const std::size_t end = stepCodePoints(text, first, kSnippetContext * 2, true);
    std::string out = begin > 0 ? "…" : "";
    std::size_t at = begin;
    while (at < end) {
        std::size_t best = std::string::npos;
        std::size_t bestLength = 0;
        for (const std::string &term : terms) {
            const std::size_t found = lower.find(lowerAscii(term), at);
            if (found < best && found + term.size() <= end) {
                best = found;
                bestLength = term.size();
            }
        }
        if (best == std::string::npos) {
            out.append(text.substr(at, end - at));
            break;
        }
        out.append(text.substr(at, best - at));
        out += options.openMarker;
        out.append(text.substr(best, bestLength));
        out += options.closeMarker;
        at = best + bestLength;
    }
    if (end < text.size())
        out += "…";
    for (char &c : out) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    return out;
}

} // namespace

Status refreshSearchIndex(Database &db)
{
    auto pending = db.queryInt("SELECT EXISTS (SELECT 1 FROM search_pending)");
    if (!pending)
        return fail(pending.error());
    if (*pending == 0)
        return {};
    return inTransaction(db, [&]() -> Status {
        return db.exec(
            "DELETE FROM search_index WHERE rowid IN (SELECT chapter_id * 2 FROM search_pending);"
            "INSERT INTO search_index(rowid, title, body, kind, book_id, ref_id) "
            "SELECT c.id * 2, c.title, c.body, 'chapter', c.book_id, c.id FROM chapters c "
            "JOIN search_pending p ON p.chapter_id = c.id WHERE c.deleted_at IS NULL;"
            "DELETE FROM search_pending;");
    });
}

Result<std::vector<SearchHit>> search(Database &db, std::string_view query,
                                      const SearchOptions &options)
{
    const std::vector<std::string> terms = splitTerms(query);
    if (terms.empty())
        return fail(ErrorCode::InvalidArgument, "the search query is empty: give a word to find");
    (void)refreshSearchIndex(db); // a stale index is better than no answer
    std::vector<std::string> indexed;
    std::vector<std::string> scanned;
    for (const std::string &term : terms) {
        if (!utf8::isValid(term))
            return fail(ErrorCode::InvalidArgument, "the search query is not valid UTF-8");
        (codePoints(term) >= 3 ? indexed : scanned).push_back(term);
    }

    std::string sql = "SELECT s.kind, s.ref_id, s.book_id, c.position, s.title, ";
    sql += indexed.empty() ? "s.body" : "snippet(search_index, 1, ?1, ?2, '…', 48)";
    sql += " FROM search_index s LEFT JOIN chapters c ON s.kind = 'chapter' AND c.id = s.ref_id "
           "WHERE 1";
    if (!indexed.empty())
        sql += " AND search_index MATCH ?3";
    if (options.bookId)
        sql += " AND s.book_id = ?4";
    for (std::size_t i = 0; i < scanned.size(); ++i) {
        const std::string n = std::to_string(10 + i);
        sql += " AND (s.title LIKE ?" + n + " ESCAPE '\\' OR s.body LIKE ?" + n + " ESCAPE '\\')";
    }
    sql += indexed.empty() ? " ORDER BY s.book_id, s.kind, c.position" : " ORDER BY rank";
    sql += " LIMIT ?5";

    std::string match;
    for (const std::string &term : indexed)
        match += (match.empty() ? "" : " AND ") + phrase(term);

    auto stmt = db.prepare(sql);
    if (!stmt)
        return fail(stmt.error());
    if (!indexed.empty()) {
        stmt->bind(1, options.openMarker).bind(2, options.closeMarker).bind(3, match);
    }
    if (options.bookId)
        stmt->bind(4, *options.bookId);
    stmt->bind(5, options.limit);
    for (std::size_t i = 0; i < scanned.size(); ++i)
        stmt->bind(static_cast<int>(10 + i), likePattern(scanned[i]));

    std::vector<SearchHit> hits;
    if (auto s = stmt->forEachRow([&](const Statement &row) {
            SearchHit hit;
            hit.kind = row.text(0);
            hit.refId = row.int64(1);
            hit.bookId = row.int64(2);
            if (auto p = row.optInt64(3))
                hit.chapterPosition = static_cast<int>(*p);
            hit.title = row.text(4);
            hit.snippet
                = indexed.empty() ? makeSnippet(row.text(5), scanned, options) : row.text(5);
            hits.push_back(std::move(hit));
        });
        !s) {
        return fail(s.error());
    }
    return hits;
}

} // namespace scriptorium::store
