// GenerationPanel: the running generation (stream, status) and Accept / Discard.
#include "ui/generation/generation_panel.h"

#include "novel/recovered_draft.h"
#include "store/book_store.h"
#include "store/chapter_store.h"
#include "ui/editor_host.h"
#include "ui/generation/generation_bridge.h"
#include "ui/generation/generation_messages.h"
#include "ui/library_session.h"
#include "util/measurement_text.h"
#include "util/token_estimate.h"
#include "util/utf8.h"

#include <QAction>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextCursor>

namespace scriptorium::ui {

void GenerationPanel::stop()
{
    if (m_ticket == 0)
        return;
    m_bridge->cancel(m_ticket);
    // The Router may take a few seconds to report (it asks OpenRouter what the cut attempt
    // cost); the writer gets the partial draft now.
    m_stoppedTicket = m_ticket;
    m_ticket = 0;
    if (!m_pendingBytes.isEmpty()) {
        m_text += QString::fromUtf8(m_pendingBytes);
        m_draft->appendPlainText(QString::fromUtf8(m_pendingBytes));
        m_pendingBytes.clear();
    }
    showMessage(generationErrorMessage(Error{ErrorCode::Cancelled, {}, {}}), false);
    updateActions();
    updateStatus();
    emit generationFinished(false);
}

void GenerationPanel::onAttemptStarted(quint64 id, const QString &provider,
                                       const QString &quantization)
{
    if (id != m_ticket)
        return;
    if (!provider.isEmpty())
        m_provider = provider;
    if (!quantization.isEmpty())
        m_quantization = quantization;
    updateStatus();
}

void GenerationPanel::onFirstToken(quint64 id, double ttftMs, const QString &provider,
                                   const QString &quantization, bool degraded)
{
    if (id != m_ticket)
        return;
    m_ttftMs = ttftMs;
    m_provider = provider;
    m_quantization = quantization;
    m_degraded = degraded;
    updateStatus();
}

void GenerationPanel::onDelta(quint64 id, const QByteArray &utf8)
{
    if (id != m_ticket)
        return;
    // A delta may end inside a multi-byte character: keep the incomplete tail for the next one.
    m_pendingBytes.append(utf8);
    const std::string_view bytes(m_pendingBytes.constData(),
                                 static_cast<std::size_t>(m_pendingBytes.size()));
    const auto tail = static_cast<qsizetype>(utf8::incompleteTailLength(bytes));
    const qsizetype complete = m_pendingBytes.size() - tail;
    if (complete <= 0)
        return;
    const QString piece = QString::fromUtf8(m_pendingBytes.constData(), complete);
    m_tokens += estimateTokens(
        std::string_view(m_pendingBytes.constData(), static_cast<std::size_t>(complete)));
    m_pendingBytes.remove(0, complete);
    m_text += piece;
    // Append at the end without moving the writer's view unless it was following the end.
    QScrollBar *bar = m_draft->verticalScrollBar();
    const bool following = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(m_draft->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(piece);
    if (following)
        bar->setValue(bar->maximum());
    updateStatus();
}

void GenerationPanel::onAttemptFinished(quint64 id, const routing::AttemptRecord &attempt)
{
    if (id != m_ticket)
        return;
    m_spentUsd += attempt.costUsd.value_or(0);
    updateStatus();
}

void GenerationPanel::onFinished(quint64 id, const routing::GenerationResult &result,
                                 qint64 recordId, const QString &recordError)
{
    // The runtime recorded it (row, text, attempts, cost) before this arrives.
    if (!recordError.isEmpty() && (id == m_ticket || id == m_stoppedTicket))
        showMessage(recordError, true);
    if ((id == m_ticket || id == m_stoppedTicket) && id != 0 && recordId != 0)
        m_recordId = recordId; // Accept links the chapter's revision to it
    if (id == m_stoppedTicket && id != 0) {
        // Stopped earlier: the draft is already in place; only the final figures are new.
        m_stoppedTicket = 0;
        if (m_job)
            m_result = result;
        updateStatus();
        return;
    }
    if (id != m_ticket)
        return;
    m_ticket = 0;
    m_result = result;
    if (!m_pendingBytes.isEmpty()) {
        // A stream cut inside a character: what arrived is shown as U+FFFD, never dropped.
        const QString rest = QString::fromUtf8(m_pendingBytes);
        m_text += rest;
        m_draft->appendPlainText(rest);
        m_pendingBytes.clear();
    }
    if (!result.provider.empty())
        m_provider = QString::fromStdString(result.provider);
    if (!result.quantization.empty())
        m_quantization = QString::fromStdString(result.quantization);
    m_degraded = result.degraded;
    QString message = generationErrorMessage(result);
    const QString notice = degradedNotice(result);
    if (!notice.isEmpty())
        message = message.isEmpty() ? notice : notice + QLatin1Char('\n') + message;
    if (message.isEmpty())
        message = tr("Done: accept the draft to put it in the chapter, or discard it.");
    QString detail;
    if (result.error)
        detail = QString::fromStdString(
            result.error->message
            + (result.error->detail.empty() ? std::string() : "\n" + result.error->detail));
    showMessage(message, result.error.has_value() && result.error->code != ErrorCode::Cancelled);
    m_message->setToolTip(detail);
    updateActions();
    updateStatus();
    emit generationFinished(result.ok());
}

void GenerationPanel::offerRecoveredDraft(std::int64_t chapterId)
{
    LibrarySession *session = m_host->session();
    if (!session || isRunning() || hasDraft())
        return;
    auto found = novel::recoveredDraft(session->database(), chapterId);
    if (!found || !*found)
        return;
    const novel::RecoveredDraft &draft = **found;
    auto chapter = session->chapters().get(chapterId);
    if (!chapter)
        return;
    GenerationJob job;
    // A beat's cursor is not recorded: a recovered beat is offered at the end, like Continue.
    job.mode = draft.stage == "continue" || draft.stage == "beat" ? GenerationMode::Continue
        : draft.stage == "rewrite"                                ? GenerationMode::Rewrite
        : draft.stage == "expand"                                 ? GenerationMode::Expand
                                                                  : GenerationMode::Draft;
    job.chapterId = chapterId;
    job.bookId = chapter->bookId;
    if (auto book = session->books().get(chapter->bookId))
        job.language = book->language;
    job.baseText = toQ(chapter->body);
    m_session = session;
    m_job = job;
    m_recovered = draft.generationId;
    m_recordId = draft.generationId;
    m_result.reset();
    m_text = toQ(draft.text);
    m_draft->setPlainText(m_text);
    showMessage(tr("Recovered from a generation that was interrupted (the window closed or the "
                   "computer stopped): accept it into the chapter or discard it."),
                false);
    updateActions();
    updateStatus();
}

bool GenerationPanel::hasDraft() const
{
    return !m_text.isEmpty() && m_job.has_value();
}

bool GenerationPanel::accept()
{
    if (!hasDraft() || isRunning())
        return false;
    LibrarySession *session = m_host->session();
    if (!session || session != m_session) {
        showMessage(tr("The library was closed: the draft cannot be accepted."), true);
        return false;
    }
    // Save the writer's pending edits first, so the revision holds exactly what they wrote.
    m_host->saveAll();
    const auto body = splicedDraft();
    if (!body) {
        showMessage(body.error().code == ErrorCode::Conflict
                        ? tr("The selected passage was changed meanwhile: copy the draft by hand.")
                        : errorText(body.error()),
                    true);
        return false;
    }
    auto replaced = session->chapters().replaceBody(
        m_job->chapterId, toStd(*body), store::BodySource::Generation,
        m_recordId ? std::optional<std::int64_t>(m_recordId) : std::nullopt);
    if (!replaced) {
        showMessage(errorText(replaced.error()), true);
        return false;
    }
    const std::int64_t chapterId = m_job->chapterId;
    if (m_recovered != 0) // taken: not offered again
        (void)novel::dismissRecoveredDraft(session->database(), std::exchange(m_recovered, 0));
    if (m_host->openChapterId() == chapterId)
        m_host->openChapter(chapterId); // reloads the editor with the accepted body
    session->notifyChanged();
    discard();
    showMessage(*replaced ? tr("Accepted. The previous text is kept in Revisions.")
                          : tr("Accepted."),
                false);
    emit draftAccepted(chapterId);
    return true;
}

void GenerationPanel::discard()
{
    if (isRunning())
        stop();
    if (m_recovered != 0 && m_session) // put aside for good; the row keeps the text
        (void)novel::dismissRecoveredDraft(m_session->database(), m_recovered);
    m_recovered = 0;
    m_text.clear();
    m_draft->clear();
    m_job.reset();
    m_result.reset();
    m_recordId = 0;
    showMessage({}, false);
    updateActions();
}

void GenerationPanel::updateActions()
{
    const bool running = isRunning();
    for (QAction *action : {m_draftAction, m_continueAction, m_rewriteAction, m_expandAction})
        action->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_acceptAction->setEnabled(!running && hasDraft());
    m_discardAction->setEnabled(!running && hasDraft());
}

void GenerationPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setToolTip({});
    m_message->setStyleSheet(error ? QStringLiteral("color: palette(bright-text); "
                                                    "background: #b3261e; padding: 4px;")
                                   : QString());
}

QString GenerationPanel::message() const
{
    return m_message->text();
}

QString GenerationPanel::statusText() const
{
    return m_status->text();
}

void GenerationPanel::updateStatus()
{
    QStringList parts;
    if (m_simulation)
        parts << tr("SIMULATION");
    if (isRunning() || m_result) {
        parts << (m_provider.isEmpty() ? tr("connecting…") : m_provider);
        if (!m_quantization.isEmpty())
            parts << precisionLabel(m_quantization, m_degraded);
        // The figures are StreamMeter's, as recorded with the generation: the dashboard and
        // the CLI show the same numbers, and "–" where one could not be measured.
        const routing::AttemptRecord *last = m_result ? m_result->finalAttempt() : nullptr;
        const std::optional<double> ttft
            = last ? last->ttftMs : (m_ttftMs >= 0 ? std::optional(m_ttftMs) : std::nullopt);
        if (last || ttft)
            parts << tr("TTFT %1 ms").arg(toQ(measurementText(ttft, 0)));
        if (last) {
            parts
                << tr("decode %1 tok/s").arg(toQ(measurementText(last->decodeTokensPerSecond, 1)));
            parts
                << tr("end-to-end %1 tok/s").arg(toQ(measurementText(last->e2eTokensPerSecond, 1)));
        } else if (m_tokens > 0) {
            // While it streams only the token count is known (estimated from the text).
            parts << tr("≈%1 tokens").arg(m_tokens);
        }
        double cost = m_spentUsd;
        if (m_result)
            cost = m_result->totalCostUsd();
        else if (m_job) {
            if (const auto price = m_bridge->price(m_job->model))
                cost += double(m_job->promptTokens) * price->prompt
                    + double(m_tokens) * price->completion;
        }
        parts << QLatin1Char('$') + QString::number(cost, 'f', 4);
    }
    m_status->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace scriptorium::ui
