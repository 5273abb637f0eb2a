// BatchPanel: the book's state, the forecast, and running a batch through the bridge.
#include "ui/batch/batch_panel.h"

#include "novel/length_unit.h"
#include "novel/shared_database.h"
#include "store/batch_store.h"
#include "ui/batch/batch_chapter_list.h"
#include "ui/editor_host.h"
#include "ui/generation/generation_messages.h"
#include "ui/library_session.h"
#include "ui/routing/app_connection.h"
#include "ui/routing/routing_presets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

namespace scriptorium::ui {

namespace {

QString duration(double seconds)
{
    const auto s = static_cast<qint64>(std::max(0.0, seconds) + 0.5);
    if (s < 90)
        return BatchPanel::tr("%1 s").arg(s);
    if (s < 3600)
        return BatchPanel::tr("%1 min").arg((s + 30) / 60);
    return BatchPanel::tr("%1 h %2 min")
        .arg(s / 3600)
        .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

/// Why the preset a batch of `bookId` routes by (the book's, else the draft stage's) cannot
/// be used, when it is set and unreadable: the run must not quietly fall back to another
/// routing config.
std::optional<QString> unusablePreset(LibrarySession *session, std::int64_t bookId)
{
    const RoutingPresets presets;
    const auto preset = presets.effectivePreset({}, session ? &session->database() : nullptr,
                                                bookId, QStringLiteral("draft"));
    if (!preset)
        return errorText(preset.error());
    if (preset->isEmpty())
        return std::nullopt;
    if (auto loaded = presets.load(*preset); !loaded)
        return BatchPanel::tr("The routing preset %1 could not be read: %2")
            .arg(*preset, errorText(loaded.error()));
    return std::nullopt;
}

QString usd(double value)
{
    return QStringLiteral("$%1").arg(value, 0, 'f', value < 1 ? 4 : 2);
}

QString percent(double share)
{
    return QString::number(100 * share, 'f', 0);
}

QString objectiveText(routing::RoutingObjective objective)
{
    switch (objective) {
    case routing::RoutingObjective::Cost:
        return BatchPanel::tr("cost");
    case routing::RoutingObjective::Balanced:
        return BatchPanel::tr("balanced");
    case routing::RoutingObjective::Speed:
        break;
    }
    return BatchPanel::tr("speed");
}

/// The forecast's saving against the speed objective: a sentence, then a line per stage whose
/// objective is cost or balanced.
QString savingText(const novel::ObjectiveSaving &s)
{
    QString text = BatchPanel::tr("Routing saves %1 (%2 %) against the speed objective, expected "
                                  "%3 % slower (%4 instead of %5 at catalog prices).")
                       .arg(usd(s.savedUsd()), percent(s.savedShare()), percent(s.slowerShare()),
                            usd(s.costUsd), usd(s.speedCostUsd));
    for (const novel::ObjectiveOutlook &o : s.stages) {
        text += QLatin1Char('\n')
            + BatchPanel::tr("%1 (%2): %3 at %4 instead of %5 at %6")
                  .arg(QString::fromStdString(o.stage), objectiveText(o.objective), usd(o.costUsd),
                       QString::fromStdString(o.endpoint), usd(o.speedCostUsd),
                       QString::fromStdString(o.speedEndpoint));
    }
    return text;
}

novel::ChapterPhase phaseOf(const store::BatchItem &item)
{
    switch (item.state) {
    case store::BatchItemState::Done:
    case store::BatchItemState::Skipped:
        return novel::ChapterPhase::Done;
    case store::BatchItemState::Failed:
        return novel::ChapterPhase::Failed;
    case store::BatchItemState::Running:
        return item.generationId ? novel::ChapterPhase::Drafted : novel::ChapterPhase::Pending;
    case store::BatchItemState::Pending:
        break;
    }
    return novel::ChapterPhase::Pending;
}

/// The chapter's body has been written by this point (coalesced updates may skip Drafted).
bool drafted(std::optional<novel::ChapterPhase> phase)
{
    return phase == novel::ChapterPhase::Drafted || phase == novel::ChapterPhase::Finalizing
        || phase == novel::ChapterPhase::Done;
}

/// Tokens a chapter of `target` units is expected to take (the default target when unset).
std::int64_t expectedTokens(std::optional<std::int64_t> target, novel::LengthUnit unit)
{
    const auto units = static_cast<double>(
        target.value_or(static_cast<std::int64_t>(novel::defaultChapterTarget(unit))));
    return static_cast<std::int64_t>(units * novel::tokensPerUnit(unit));
}

} // namespace

void BatchPanel::refresh()
{
    if (isRunning()) {
        updateButtons();
        return;
    }
    m_unfinished.reset();
    std::vector<store::ChapterListItem> chapters;
    if (m_session && m_bookId != 0)
        if (auto listed = m_session->chapters().list(m_bookId))
            for (store::ChapterListItem &c : *listed)
                if (!c.deletedAt)
                    chapters.push_back(std::move(c));
    const int first = chapters.empty() ? 0 : chapters.front().position;
    const int last = chapters.empty() ? 0 : chapters.back().position;
    for (QSpinBox *box : {m_from, m_to}) {
        const QSignalBlocker blocker(box);
        const bool wasUnset = box->maximum() == 0 || box->value() == 0;
        box->setRange(first, last);
        if (wasUnset)
            box->setValue(box == m_from ? first : last);
    }
    if (m_from->value() > m_to->value()) {
        const QSignalBlocker blocker(m_to);
        m_to->setValue(m_from->value());
    }

    // A batch left unfinished (paused, or the app was closed or killed) is offered again.
    if (m_session && m_bookId != 0) {
        novel::SharedDatabase shared(m_session->database());
        if (auto found = novel::BatchScheduler::unfinishedBatch(shared, m_bookId); found)
            m_unfinished = *found;
    }
    if (m_unfinished) {
        int done = 0;
        for (const store::BatchItem &item : m_unfinished->items)
            done += item.state == store::BatchItemState::Done ? 1 : 0;
        m_bannerText->setText(tr("A batch of chapters %1–%2 is unfinished (%3 of %4 done).")
                                  .arg(m_unfinished->firstPosition)
                                  .arg(m_unfinished->lastPosition)
                                  .arg(done)
                                  .arg(m_unfinished->items.size()));
        showBatchRows(m_unfinished->id);
    } else if (m_batchId == 0 || !showBatchRows(m_batchId)) {
        // A preview of the chosen range: every chapter pending.
        std::vector<BatchChapterList::Row> rows;
        auto unit = novel::LengthUnit::Words;
        if (m_session && m_bookId != 0)
            if (auto book = m_session->books().get(m_bookId))
                unit = novel::lengthUnitFor(book->language);
        for (const store::ChapterListItem &c : chapters)
            if (c.position >= m_from->value() && c.position <= m_to->value())
                rows.push_back({c.id,
                                c.position,
                                toQ(c.title),
                                expectedTokens(c.targetLength, unit),
                                novel::ChapterPhase::Pending,
                                {}});
        m_list->setRows(rows);
        m_spentBefore = 0;
        m_budgetUsd.reset();
    }
    m_banner->setVisible(m_unfinished.has_value());
    updateForecast();
    updateTotals();
    updateButtons();
}

bool BatchPanel::showBatchRows(std::int64_t batchId)
{
    if (!m_session)
        return false;
    auto batch = store::BatchStore(m_session->database()).get(batchId);
    if (!batch || batch->bookId != m_bookId)
        return false;
    auto book = m_session->books().get(batch->bookId);
    const auto unit = book ? novel::lengthUnitFor(book->language) : novel::LengthUnit::Words;
    std::vector<BatchChapterList::Row> rows;
    for (const store::BatchItem &item : batch->items) {
        auto chapter = m_session->chapters().get(item.chapterId);
        if (!chapter)
            continue;
        rows.push_back({item.chapterId, chapter->position, toQ(chapter->title),
                        expectedTokens(chapter->targetLength, unit), phaseOf(item),
                        item.errorClass});
    }
    m_list->setRows(rows);
    m_batchId = batchId;
    m_spentBefore = batch->spentUsd;
    m_budgetUsd = batch->budgetUsd;
    return true;
}

void BatchPanel::updateForecast()
{
    m_concurrency->setEnabled(!isRunning()
                              && m_mode->currentData().toInt() == int(novel::BatchMode::Parallel));
    m_forecast.reset();
    const int chapters = m_to->value() - m_from->value() + 1;
    if (m_bookId == 0 || m_from->value() == 0 || chapters < 1) {
        m_forecastLabel->setText(tr("Choose a book with outlined chapters."));
        return;
    }
    const auto profile = m_profiles.constFind(m_bookId);
    if (profile == m_profiles.constEnd() && m_connection->current().apiKey.isEmpty()) {
        m_forecastLabel->setText(tr("Forecast: add your OpenRouter API key in Settings first."));
        return;
    }
    if (profile == m_profiles.constEnd()) {
        m_forecastLabel->setText(tr("Forecast: reading prices…"));
        return;
    }
    // Pure arithmetic on the cached profile: cheap enough to redo on every change.
    m_forecast
        = novel::forecastBatch(*profile, chapters, novel::BatchMode(m_mode->currentData().toInt()),
                               m_concurrency->value());
    const novel::BatchForecast &f = *m_forecast;
    const QString basis = f.basis == "history"
        ? tr("from this book's history (%n chapter(s))", nullptr, f.sampleChapters)
        : tr("from catalog prices");
    QString text = tr("Forecast for %n chapter(s): %1–%2 (about %3), %4–%5 (about %6), %7.",
                      nullptr, f.chapters)
                       .arg(duration(f.wallSeconds.low), duration(f.wallSeconds.high),
                            duration(f.wallSeconds.expected), usd(f.costUsd.low),
                            usd(f.costUsd.high), usd(f.costUsd.expected), basis);
    if (m_budget->value() > 0 && f.costUsd.expected > m_budget->value())
        text += QLatin1Char(' ')
            + tr("That is more than the budget: the batch will pause when the budget runs out.");
    if (f.saving)
        text += QLatin1Char('\n') + savingText(*f.saving);
    m_forecastLabel->setText(text);
}

void BatchPanel::updateButtons()
{
    const bool running = isRunning();
    const bool ready = m_session && m_bookId != 0 && m_from->value() > 0;
    m_start->setEnabled(!running && ready);
    m_pause->setEnabled(running && !m_pausing);
    m_resume->setEnabled(!running && m_unfinished.has_value());
    m_cancel->setEnabled(running);
    m_retry->setEnabled(!running && m_list->count(novel::ChapterPhase::Failed) > 0
                        && m_batchId != 0);
    for (QWidget *field : std::initializer_list<QWidget *>{m_from, m_to, m_mode, m_budget})
        field->setEnabled(!running);
    m_bannerResume->setEnabled(!running);
    m_bannerDiscard->setEnabled(!running);
}

void BatchPanel::updateTotals()
{
    const int done = m_list->count(novel::ChapterPhase::Done);
    const int failed = m_list->count(novel::ChapterPhase::Failed);
    const int remaining = m_list->rows() - done - failed;
    const double spent = m_spentBefore + m_list->costUsd();
    QString text = tr("Done %1 · failed %2 · remaining %3 · spent %4")
                       .arg(done)
                       .arg(failed)
                       .arg(remaining)
                       .arg(usd(spent));
    if (m_budgetUsd)
        text += QLatin1Char(' ') + tr("of %1").arg(usd(*m_budgetUsd));
    m_totals->setText(text);
}

bool BatchPanel::start()
{
    if (isRunning() || !m_session || m_bookId == 0) {
        showMessage(tr("Open a book with outlined chapters first."), true);
        return false;
    }
    if (const auto problem = unusablePreset(m_session, m_bookId)) {
        showMessage(*problem, true);
        return false;
    }
    const auto mode = novel::BatchMode(m_mode->currentData().toInt());
    std::optional<double> budget;
    if (m_budget->value() > 0)
        budget = m_budget->value();
    novel::SharedDatabase shared(m_session->database());
    auto id = novel::BatchScheduler::createBatch(shared, m_bookId, m_from->value(), m_to->value(),
                                                 mode, m_concurrency->value(), budget);
    if (!id) {
        showMessage(errorText(id.error()), true);
        return false;
    }
    return runBatch(*id);
}

bool BatchPanel::resume()
{
    if (isRunning() || !m_unfinished)
        return false;
    return runBatch(m_unfinished->id);
}

bool BatchPanel::retryFailed()
{
    // The scheduler treats failed chapters as not done: running the same batch again retries
    // exactly those, and the done ones are neither redone nor paid again.
    if (isRunning() || m_batchId == 0 || m_list->count(novel::ChapterPhase::Failed) == 0)
        return false;
    return runBatch(m_batchId);
}

bool BatchPanel::runBatch(std::int64_t batchId)
{
    if (!m_bridge || !m_session)
        return false;
    if (const auto problem = unusablePreset(m_session, m_bookId)) {
        showMessage(*problem, true);
        return false;
    }
    if (!showBatchRows(batchId))
        return false;
    m_runLibrary = m_session->path();
    if (!m_bridge->run(m_runLibrary, connection(), batchId)) {
        showMessage(tr("A batch is already running."), true);
        return false;
    }
    m_pausing = false;
    m_unfinished.reset();
    m_banner->hide();
    showMessage(tr("Running…"), false);
    updateTotals();
    updateButtons();
    return true;
}

void BatchPanel::pause()
{
    if (!isRunning())
        return;
    m_bridge->pause();
    m_pausing = true;
    showMessage(tr("Pausing: the chapters being written finish first."), false);
    updateButtons();
}

void BatchPanel::cancel()
{
    if (!isRunning())
        return;
    m_bridge->cancel();
    m_pausing = true;
    showMessage(tr("Cancelling…"), false);
    updateButtons();
}

bool BatchPanel::discardUnfinished()
{
    if (isRunning() || !m_unfinished || !m_session)
        return false;
    if (auto s = store::BatchStore(m_session->database())
                     .setState(m_unfinished->id, store::BatchState::Cancelled);
        !s) {
        showMessage(errorText(s.error()), true);
        return false;
    }
    showMessage(tr("The unfinished batch was discarded."), false);
    refresh();
    return true;
}

void BatchPanel::shutdown()
{
    if (m_bridge)
        m_bridge->shutdown();
}

void BatchPanel::onProgress(const QList<novel::ChapterProgress> &chapters)
{
    bool treeChanged = false;
    for (const novel::ChapterProgress &progress : chapters) {
        const auto before = m_list->phase(progress.chapterId);
        m_list->apply(progress);
        if (before == progress.phase)
            continue;
        // A draft stores the chapter's body; done and failed change its row in the tree.
        if (drafted(progress.phase) && !drafted(before))
            chapterWritten(progress.chapterId);
        treeChanged = treeChanged || progress.phase == novel::ChapterPhase::Drafted
            || progress.phase == novel::ChapterPhase::Done
            || progress.phase == novel::ChapterPhase::Failed;
    }
    if (treeChanged && m_session && m_session->path() == m_runLibrary)
        m_session->notifyChanged();
    updateTotals();
}

void BatchPanel::chapterWritten(std::int64_t chapterId)
{
    if (!m_session || m_session->path() != m_runLibrary || m_host->openChapterId() != chapterId)
        return;
    // Never overwrite what the writer typed: reload only a chapter with nothing unsaved.
    if (m_host->hasUnsavedEdits()) {
        showMessage(tr("The open chapter was drafted while it had unsaved edits: your text stays "
                       "in the editor, and the drafted text is kept in its revisions when yours "
                       "is saved."),
                    false);
        return;
    }
    m_host->openChapter(chapterId);
}

void BatchPanel::onFinished(const novel::BatchReport &report)
{
    for (const novel::ChapterProgress &progress : report.chapters) {
        const auto before = m_list->phase(progress.chapterId);
        // Chapters done in an earlier run are in the report with nothing spent in this one.
        if (before == novel::ChapterPhase::Done && progress.phase == novel::ChapterPhase::Done)
            continue;
        if (drafted(progress.phase) && !drafted(before))
            chapterWritten(progress.chapterId);
        m_list->apply(progress);
    }
    m_batchId = report.batchId;
    m_pausing = false;
    switch (report.state) {
    case store::BatchState::Done:
        showMessage(tr("All %n chapter(s) are done.", nullptr, report.done), false);
        break;
    case store::BatchState::Failed:
        showMessage(tr("%n chapter(s) failed: the reasons are in the list; Retry failed runs them "
                       "again.",
                       nullptr, report.failed),
                    true);
        break;
    case store::BatchState::Cancelled:
        showMessage(tr("Cancelled: %n chapter(s) were not generated.", nullptr, report.remaining),
                    false);
        break;
    default:
        if (report.stopReason && report.stopReason->code != ErrorCode::Cancelled)
            showMessage(generationErrorMessage(*report.stopReason), true);
        else
            showMessage(tr("Paused with %n chapter(s) left: Resume continues where it stopped.",
                           nullptr, report.remaining),
                        false);
        if (report.stopReason)
            m_message->setToolTip(toQ(report.stopReason->message));
        break;
    }
    if (m_session && m_session->path() == m_runLibrary)
        m_session->notifyChanged();
    // The book's history now includes this run: forecast from it.
    m_profiles.remove(m_bookId);
    m_profileRequested.remove(m_bookId);
    requestProfile();
    const QString text = m_message->text();
    const QString tip = m_message->toolTip();
    const bool error = !m_message->styleSheet().isEmpty();
    // The book shown may have changed while the batch ran; a paused batch is offered again.
    refresh();
    showMessage(text, error);
    m_message->setToolTip(tip);
    emit batchFinished(report.state);
}

void BatchPanel::onFailed(const QString &message)
{
    m_pausing = false;
    showMessage(message, true);
    refresh();
    emit batchFinished(store::BatchState::Failed);
}

} // namespace scriptorium::ui
