#include "ui/batch/batch_chapter_list.h"

#include "ui/generation/generation_messages.h"
#include "ui/library_session.h"

#include <QHeaderView>
#include <QProgressBar>

#include <algorithm>

namespace scriptorium::ui {

BatchChapterList::BatchChapterList(QWidget *parent)
    : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("batchChapterList"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setHeaderLabels({tr("Chapter"), tr("Phase"), tr("Progress"), tr("Cost"), tr("Reason")});
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(ChapterColumn, QHeaderView::Interactive);
    setColumnWidth(ChapterColumn, 150);
    setColumnWidth(PhaseColumn, 80);
    setColumnWidth(ProgressColumn, 90);
    setColumnWidth(CostColumn, 70);
}

void BatchChapterList::setRows(const std::vector<Row> &rows)
{
    clear();
    m_entries.clear();
    for (const Row &row : rows) {
        auto *item = new QTreeWidgetItem(this);
        item->setText(ChapterColumn, tr("%1. %2").arg(row.position).arg(row.title));
        item->setToolTip(ChapterColumn, item->text(ChapterColumn));
        item->setTextAlignment(CostColumn, Qt::AlignRight | Qt::AlignVCenter);
        // A bar per row: setValue repaints only that bar, so updates stay cheap.
        auto *bar = new QProgressBar(this);
        bar->setRange(0, 100);
        bar->setTextVisible(true);
        bar->setMaximumHeight(fontMetrics().height() + 2);
        setItemWidget(item, ProgressColumn, bar);
        Entry entry{item, bar, std::max<std::int64_t>(1, row.expectedTokens), row.phase, 0};
        setPhase(entry, row.phase, row.error, {});
        if (row.phase == novel::ChapterPhase::Done)
            bar->setValue(100);
        m_entries.insert(row.chapterId, entry);
    }
}

void BatchChapterList::apply(const novel::ChapterProgress &progress)
{
    auto it = m_entries.find(progress.chapterId);
    if (it == m_entries.end())
        return;
    Entry &entry = *it;
    entry.costUsd = progress.costUsd;
    entry.item->setText(CostColumn, QStringLiteral("$%1").arg(progress.costUsd, 0, 'f', 4));
    // Finalizing writes no chapter text: a drafted chapter's bar stays full.
    const bool drafted = progress.phase == novel::ChapterPhase::Drafted
        || progress.phase == novel::ChapterPhase::Finalizing
        || progress.phase == novel::ChapterPhase::Done;
    const auto percent = drafted
        ? 100
        : static_cast<int>(std::min<std::int64_t>(
            99, progress.tokens * 100 / std::max<std::int64_t>(1, entry.expectedTokens)));
    entry.bar->setValue(static_cast<int>(percent));
    entry.bar->setFormat(progress.tokensPerSecond > 0 && !drafted
                             ? tr("%p% · %1 tok/s").arg(progress.tokensPerSecond, 0, 'f', 0)
                             : QStringLiteral("%p%"));
    setPhase(entry, progress.phase, progress.error, toQ(progress.message));
}

void BatchChapterList::setPhase(Entry &entry, novel::ChapterPhase phase,
                                std::optional<ErrorCode> error, const QString &detail)
{
    entry.phase = phase;
    entry.item->setText(PhaseColumn, phaseText(phase));
    if (phase == novel::ChapterPhase::Failed) {
        const QString reason
            = generationErrorMessage(Error{error.value_or(ErrorCode::Internal), {}, {}});
        entry.item->setText(ReasonColumn, reason);
        entry.item->setToolTip(ReasonColumn, detail.isEmpty() ? reason : detail);
        entry.item->setForeground(PhaseColumn, QBrush(Qt::red));
    } else {
        entry.item->setText(ReasonColumn, {});
        entry.item->setToolTip(ReasonColumn, {});
        entry.item->setForeground(PhaseColumn, palette().brush(QPalette::Text));
    }
}

std::optional<novel::ChapterPhase> BatchChapterList::phase(std::int64_t chapterId) const
{
    if (auto it = m_entries.constFind(chapterId); it != m_entries.constEnd())
        return it->phase;
    return std::nullopt;
}

QString BatchChapterList::phaseLabel(std::int64_t chapterId) const
{
    auto it = m_entries.constFind(chapterId);
    return it == m_entries.constEnd() ? QString() : it->item->text(PhaseColumn);
}

QString BatchChapterList::reason(std::int64_t chapterId) const
{
    auto it = m_entries.constFind(chapterId);
    return it == m_entries.constEnd() ? QString() : it->item->text(ReasonColumn);
}

int BatchChapterList::progressPercent(std::int64_t chapterId) const
{
    auto it = m_entries.constFind(chapterId);
    return it == m_entries.constEnd() ? -1 : it->bar->value();
}

int BatchChapterList::count(novel::ChapterPhase phase) const
{
    return static_cast<int>(std::count_if(m_entries.cbegin(), m_entries.cend(),
                                          [phase](const Entry &e) { return e.phase == phase; }));
}

double BatchChapterList::costUsd() const
{
    double sum = 0;
    for (const Entry &entry : m_entries)
        sum += entry.costUsd;
    return sum;
}

QString BatchChapterList::phaseText(novel::ChapterPhase phase)
{
    switch (phase) {
    case novel::ChapterPhase::Pending:
        return tr("pending");
    case novel::ChapterPhase::Drafting:
        return tr("drafting");
    case novel::ChapterPhase::Drafted:
        return tr("drafted");
    case novel::ChapterPhase::Finalizing:
        return tr("finalizing");
    case novel::ChapterPhase::Done:
        return tr("done");
    case novel::ChapterPhase::Failed:
        return tr("failed");
    }
    return {};
}

} // namespace scriptorium::ui
