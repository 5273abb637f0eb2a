#pragma once

#include "novel/batch_scheduler.h"

#include <QHash>
#include <QString>
#include <QTreeWidget>

#include <cstdint>
#include <vector>

class QProgressBar;

namespace scriptorium::ui {

/// The Batch dock's chapter list: one row per chapter of the batch with its phase, a progress
/// bar (completion tokens against the chapter's expected tokens), its cost in this run and,
/// for a failure, what went wrong and what to do (the provider's words in the tooltip).
class BatchChapterList : public QTreeWidget {
    Q_OBJECT

public:
    enum Column { ChapterColumn, PhaseColumn, ProgressColumn, CostColumn, ReasonColumn };

    /// One chapter as the list starts it.
    struct Row {
        std::int64_t chapterId = 0;
        int position = 0;
        QString title;
        std::int64_t expectedTokens = 0;
        novel::ChapterPhase phase = novel::ChapterPhase::Pending;
        std::optional<ErrorCode> error;
    };

    explicit BatchChapterList(QWidget *parent = nullptr);

    void setRows(const std::vector<Row> &rows);
    /// Updates the chapter's row; unknown chapters are ignored.
    void apply(const novel::ChapterProgress &progress);

    std::optional<novel::ChapterPhase> phase(std::int64_t chapterId) const;
    QString phaseLabel(std::int64_t chapterId) const;
    QString reason(std::int64_t chapterId) const;
    int progressPercent(std::int64_t chapterId) const;
    int count(novel::ChapterPhase phase) const;
    int rows() const { return topLevelItemCount(); }
    double costUsd() const; ///< the sum of the rows' costs (this run)

    static QString phaseText(novel::ChapterPhase phase);

private:
    struct Entry {
        QTreeWidgetItem *item = nullptr;
        QProgressBar *bar = nullptr;
        std::int64_t expectedTokens = 0;
        novel::ChapterPhase phase = novel::ChapterPhase::Pending;
        double costUsd = 0;
    };
    void setPhase(Entry &entry, novel::ChapterPhase phase, std::optional<ErrorCode> error,
                  const QString &detail);

    QHash<std::int64_t, Entry> m_entries;
};

} // namespace scriptorium::ui
