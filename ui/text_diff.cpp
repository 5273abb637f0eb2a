#include "ui/text_diff.h"

#include <vector>

namespace scriptorium::ui {

namespace {

void append(QList<DiffRun> &runs, DiffRun::Kind kind, const QString &paragraph)
{
    if (runs.isEmpty() || runs.last().kind != kind)
        runs.append(DiffRun{kind, {}});
    runs.last().paragraphs << paragraph;
}

} // namespace

QList<DiffRun> diffParagraphs(const QString &oldText, const QString &newText)
{
    const QStringList a = oldText.split(QLatin1Char('\n'));
    const QStringList b = newText.split(QLatin1Char('\n'));
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
           && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;

    QList<DiffRun> runs;
    for (qsizetype i = 0; i < head; ++i)
        append(runs, DiffRun::Kind::Same, a[i]);

    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    constexpr qsizetype kMaxSide = 4000;
    if (n > kMaxSide || m > kMaxSide) {
        for (qsizetype i = 0; i < n; ++i)
            append(runs, DiffRun::Kind::Removed, a[head + i]);
        for (qsizetype j = 0; j < m; ++j)
            append(runs, DiffRun::Kind::Added, b[head + j]);
    } else {
        // lcs[i][j] = LCS length of a[head+i..] and b[head+j..]
        std::vector<std::vector<int>> lcs(static_cast<std::size_t>(n + 1),
                                          std::vector<int>(static_cast<std::size_t>(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                const auto ui = static_cast<std::size_t>(i);
                const auto uj = static_cast<std::size_t>(j);
                lcs[ui][uj] = a[head + i] == b[head + j]
                    ? lcs[ui + 1][uj + 1] + 1
                    : std::max(lcs[ui + 1][uj], lcs[ui][uj + 1]);
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            const auto ui = static_cast<std::size_t>(i);
            const auto uj = static_cast<std::size_t>(j);
            if (i < n && j < m && a[head + i] == b[head + j]) {
                append(runs, DiffRun::Kind::Same, a[head + i]);
                ++i;
                ++j;
            } else if (j < m && (i == n || lcs[ui][uj + 1] >= lcs[ui + 1][uj])) {
                append(runs, DiffRun::Kind::Added, b[head + j]);
                ++j;
            } else {
                append(runs, DiffRun::Kind::Removed, a[head + i]);
                ++i;
            }
        }
    }
    for (qsizetype k = a.size() - tail; k < a.size(); ++k)
        append(runs, DiffRun::Kind::Same, a[k]);
    return runs;
}

} // namespace scriptorium::ui
