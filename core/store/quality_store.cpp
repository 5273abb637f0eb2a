#include "store/quality_store.h"

#include "store/database.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <tuple>

namespace scriptorium::store {

namespace {

/// quality_checked bits: which passes ran on a generation.
constexpr std::int64_t kLocalChecked = 1;
constexpr std::int64_t kAuditChecked = 2;

std::int64_t checkedBit(std::string_view source)
{
    return source == "audit" ? kAuditChecked : kLocalChecked;
}

constexpr const char *kSelect
    = "SELECT f.id, f.generation_id, f.source, f.kind, f.severity, f.begin_offset, "
      "f.end_offset, f.evidence, f.reference, f.detail, f.fingerprint, f.intentional, "
      "f.created_at, g.chapter_id, coalesce(g.provider, ''), g.model, "
      "coalesce(g.precision, ''), g.degraded FROM quality_findings f "
      "JOIN generations g ON g.id = f.generation_id ";

StoredFinding readFinding(const Statement &row)
{
    StoredFinding f;
    f.id = row.int64(0);
    f.generationId = row.int64(1);
    f.source = row.text(2);
    f.kind = row.text(3);
    f.severity = row.text(4);
    f.begin = row.int64(5);
    f.end = row.int64(6);
    f.evidence = row.text(7);
    f.reference = row.text(8);
    f.detail = row.text(9);
    f.fingerprint = row.text(10);
    f.intentional = row.int64(11) != 0;
    f.createdAt = row.int64(12);
    f.chapterId = row.optInt64(13);
    f.provider = row.text(14);
    f.model = row.text(15);
    f.precision = row.text(16);
    f.degraded = row.int64(17) != 0;
    return f;
}

Result<std::vector<StoredFinding>> readAll(Statement &stmt)
{
    std::vector<StoredFinding> out;
    auto ok = stmt.forEachRow([&](const Statement &row) { out.push_back(readFinding(row)); });
    if (!ok)
        return fail(ok.error());
    return out;
}

/// log of the binomial probability P(X = k), X ~ Binomial(n, p), 0 < p < 1.
double logBinomial(std::int64_t n, std::int64_t k, double p)
{
    const double dn = static_cast<double>(n);
    const double dk = static_cast<double>(k);
    return std::lgamma(dn + 1) - std::lgamma(dk + 1) - std::lgamma(dn - dk + 1) + dk * std::log(p)
        + (dn - dk) * std::log1p(-p);
}

} // namespace

std::string findingFingerprint(std::string_view kind, std::string_view evidence)
{
    // Case and spacing vary between regenerations of the same passage; the words do not.
    std::string normal(kind);
    normal += ':';
    bool space = false;
    for (char c : evidence) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u)) {
            space = true;
            continue;
        }
        if (space && normal.back() != ':')
            normal += ' ';
        space = false;
        normal += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
    // FNV-1a, 64 bits: a stable short key (not a security boundary).
    std::uint64_t hash = 1469598103934665603ULL;
    for (char c : normal) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return std::string(kind) + "-" + text;
}

Status QualityStore::record(std::int64_t generationId, const std::vector<StoredFinding> &findings,
                            std::string_view source)
{
    auto book = m_db.prepare("SELECT book_id FROM generations WHERE id = ?");
    if (!book)
        return fail(book.error());
    book->bind(1, generationId);
    auto found = book->step();
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(ErrorCode::NotFound,
                    "Generation " + std::to_string(generationId) + " is not in the library.");
    const std::optional<std::int64_t> bookId = book->optInt64(0);

    auto insert = m_db.prepare(
        "INSERT INTO quality_findings (generation_id, source, kind, severity, begin_offset, "
        "end_offset, evidence, reference, detail, fingerprint, intentional, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert)
        return fail(insert.error());
    const std::int64_t now = nowMs();
    for (const StoredFinding &f : findings) {
        const std::string fingerprint
            = f.fingerprint.empty() ? findingFingerprint(f.kind, f.evidence) : f.fingerprint;
        bool intentional = f.intentional;
        if (!intentional && bookId) {
            auto marked = m_db.prepare(
                "SELECT 1 FROM quality_intentional WHERE book_id = ? AND fingerprint = ?");
            if (!marked)
                return fail(marked.error());
            marked->bind(1, *bookId).bind(2, fingerprint);
            auto row = marked->step();
            if (!row)
                return fail(row.error());
            intentional = *row;
        }
        insert->bind(1, generationId)
            .bind(2, source)
            .bind(3, f.kind)
            .bind(4, f.severity)
            .bind(5, f.begin)
            .bind(6, f.end)
            .bind(7, f.evidence)
            .bind(8, f.reference)
            .bind(9, f.detail)
            .bind(10, fingerprint)
            .bind(11, intentional ? 1 : 0)
            .bind(12, f.createdAt ? f.createdAt : now);
        if (auto ok = insert->run(); !ok)
            return ok;
    }
    auto checked
        = m_db.prepare("UPDATE generations SET quality_checked = quality_checked | ? WHERE id = ?");
    if (!checked)
        return fail(checked.error());
    checked->bind(1, checkedBit(source)).bind(2, generationId);
    return checked->run();
}

Result<std::vector<StoredFinding>> QualityStore::forGeneration(std::int64_t generationId)
{
    auto stmt = m_db.prepare(std::string(kSelect)
                             + "WHERE f.generation_id = ? ORDER BY f.begin_offset, f.id");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, generationId);
    return readAll(*stmt);
}

Result<std::vector<StoredFinding>> QualityStore::forChapter(std::int64_t chapterId,
                                                            bool withIntentional)
{
    auto stmt = m_db.prepare(std::string(kSelect)
                             + "WHERE g.chapter_id = ? AND (? OR f.intentional = 0) "
                               "ORDER BY g.started_at DESC, g.id DESC, f.begin_offset, f.id");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, chapterId).bind(2, withIntentional ? 1 : 0);
    return readAll(*stmt);
}

Status QualityStore::setIntentional(std::int64_t id, bool intentional)
{
    return inTransaction(m_db, [&]() -> Status {
        auto find = m_db.prepare("SELECT g.book_id, f.fingerprint FROM quality_findings f "
                                 "JOIN generations g ON g.id = f.generation_id WHERE f.id = ?");
        if (!find)
            return fail(find.error());
        find->bind(1, id);
        auto row = find->step();
        if (!row)
            return fail(row.error());
        if (!*row)
            return fail(ErrorCode::NotFound,
                        "Finding " + std::to_string(id) + " is not in the library.");
        const std::optional<std::int64_t> bookId = find->optInt64(0);
        const std::string fingerprint = find->text(1);
        // Every stored copy of the finding (earlier and later generations) follows the mark.
        auto update = m_db.prepare(
            bookId ? "UPDATE quality_findings SET intentional = ? WHERE fingerprint = ? AND "
                     "generation_id IN (SELECT id FROM generations WHERE book_id = ?)"
                   : "UPDATE quality_findings SET intentional = ? WHERE id = ?");
        if (!update)
            return fail(update.error());
        update->bind(1, intentional ? 1 : 0);
        if (bookId)
            update->bind(2, fingerprint).bind(3, *bookId);
        else
            update->bind(2, id);
        if (auto ok = update->run(); !ok)
            return ok;
        if (!bookId)
            return {};
        auto mark = m_db.prepare(
            intentional ? "INSERT OR IGNORE INTO quality_intentional (book_id, fingerprint, "
                          "marked_at) VALUES (?, ?, ?)"
                        : "DELETE FROM quality_intentional WHERE book_id = ? AND fingerprint = ?");
        if (!mark)
            return fail(mark.error());
        mark->bind(1, *bookId).bind(2, fingerprint);
        if (intentional)
            mark->bind(3, nowMs());
        return mark->run();
    });
}

Result<std::vector<QualityRate>> QualityStore::rates(std::optional<std::int64_t> sinceMs,
                                                     std::string_view source)
{
    auto stmt = m_db.prepare(
        "SELECT coalesce(g.provider, ''), g.model, coalesce(g.precision, ''), count(*), "
        "total(coalesce(g.completion_tokens, 0)), total(coalesce(f.n, 0)) FROM generations g "
        "LEFT JOIN (SELECT generation_id, count(*) AS n FROM quality_findings "
        "WHERE source = ?1 AND intentional = 0 GROUP BY generation_id) f "
        "ON f.generation_id = g.id "
        "WHERE (g.quality_checked & ?2) != 0 AND g.started_at >= ?3 GROUP BY 1, 2, 3");
    if (!stmt)
        return fail(stmt.error());
    stmt->bind(1, source).bind(2, checkedBit(source)).bind(3, sinceMs.value_or(0));
    std::vector<QualityRate> out;
    auto ok = stmt->forEachRow([&](const Statement &row) {
        QualityRate r;
        r.provider = row.text(0);
        r.model = row.text(1);
        r.precision = row.text(2);
        r.generations = row.int64(3);
        r.outputTokens = static_cast<std::int64_t>(row.real(4));
        r.findings = static_cast<std::int64_t>(row.real(5));
        out.push_back(std::move(r));
    });
    if (!ok)
        return fail(ok.error());

    auto kinds = m_db.prepare(
        "SELECT coalesce(g.provider, ''), g.model, coalesce(g.precision, ''), f.kind, count(*) "
        "FROM quality_findings f JOIN generations g ON g.id = f.generation_id "
        "WHERE f.source = ?1 AND f.intentional = 0 AND (g.quality_checked & ?2) != 0 "
        "AND g.started_at >= ?3 GROUP BY 1, 2, 3, 4");
    if (!kinds)
        return fail(kinds.error());
    kinds->bind(1, source).bind(2, checkedBit(source)).bind(3, sinceMs.value_or(0));
    ok = kinds->forEachRow([&](const Statement &row) {
        const auto key = std::make_tuple(row.text(0), row.text(1), row.text(2));
        for (QualityRate &r : out)
            if (std::tie(r.provider, r.model, r.precision) == key)
                r.byKind[row.text(3)] = row.int64(4);
    });
    if (!ok)
        return fail(ok.error());

    for (QualityRate &r : out) {
        if (r.outputTokens <= 0)
            continue;
        const double scale = 10000.0 / static_cast<double>(r.outputTokens);
        const CountInterval ci = poissonInterval(r.findings);
        r.perTenThousand = static_cast<double>(r.findings) * scale;
        r.low = ci.low * scale;
        r.high = ci.high * scale;
    }
    std::ranges::sort(out, [](const QualityRate &a, const QualityRate &b) {
        return std::tie(b.outputTokens, a.provider, a.model, a.precision)
            < std::tie(a.outputTokens, b.provider, b.model, b.precision);
    });
    return out;
}

CountInterval poissonInterval(std::int64_t count)
{
    if (count <= 0)
        return {0, 3.689}; // the exact upper 95 % bound for a count of 0
    const double k = static_cast<double>(count);
    if (count > 200) {
        // Byar's approximation: within 0.1 % of the exact bounds at this size.
        constexpr double z = 1.959964;
        const double lowBase = 1 - 1 / (9 * k) - z / (3 * std::sqrt(k));
        const double k1 = k + 1;
        const double highBase = 1 - 1 / (9 * k1) + z / (3 * std::sqrt(k1));
        return {k * lowBase * lowBase * lowBase, k1 * highBase * highBase * highBase};
    }
    // Garwood's exact interval by bisection on the Poisson distribution: the low bound has
    // P(X >= k) = 2.5 %, the high one P(X <= k) = 2.5 %.
    const auto cdf = [](std::int64_t upTo, double mean) {
        double term = std::exp(-mean);
        double sum = term;
        for (std::int64_t i = 1; i <= upTo; ++i) {
            term *= mean / static_cast<double>(i);
            sum += term;
        }
        return sum;
    };
    const auto solve = [](double lo, double hi, auto tooLow) {
        for (int i = 0; i < 100; ++i) {
            const double mid = (lo + hi) / 2;
            (tooLow(mid) ? lo : hi) = mid;
        }
        return (lo + hi) / 2;
    };
    const double span = k + 10 * std::sqrt(k) + 10;
    const double low = solve(0, k, [&](double m) { return 1 - cdf(count - 1, m) < 0.025; });
    const double high = solve(k, span, [&](double m) { return cdf(count, m) > 0.025; });
    return {low, high};
}

double ratesDifferPValue(std::int64_t countA, double exposureA, std::int64_t countB,
                         double exposureB)
{
    const std::int64_t n = countA + countB;
    if (n <= 0 || !(exposureA > 0) || !(exposureB > 0))
        return 1;
    const double p = exposureA / (exposureA + exposureB);
    if (n > 1000) {
        const double mean = static_cast<double>(n) * p;
        const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
        const double zScore
            = std::max(0.0, std::abs(static_cast<double>(countA) - mean) - 0.5) / sd;
        return std::min(1.0, std::erfc(zScore / std::sqrt(2.0)));
    }
    // Exact: the probability of every outcome no more likely than the one observed.
    const double observed = logBinomial(n, countA, p);
    double sum = 0;
    for (std::int64_t k = 0; k <= n; ++k) {
        const double l = logBinomial(n, k, p);
        if (l <= observed + 1e-7)
            sum += std::exp(l);
    }
    return std::min(1.0, sum);
}

} // namespace scriptorium::store
