#include "ui/autosaver.h"

namespace scriptorium::ui {

Autosaver::Autosaver(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(1500);
    connect(&m_timer, &QTimer::timeout, this, &Autosaver::flush);
}

void Autosaver::setFunctions(TextFunction text, SaveFunction save)
{
    m_text = std::move(text);
    m_save = std::move(save);
}

void Autosaver::reset()
{
    m_timer.stop();
    m_dirty = false;
    m_lastError.reset();
    setState(State::Saved);
}

void Autosaver::markDirty()
{
    m_dirty = true;
    setState(State::Unsaved);
    m_timer.start();
}

bool Autosaver::flush()
{
    m_timer.stop();
    if (!m_dirty)
        return true;
    if (!m_save || !m_text)
        return false;
    setState(State::Saving);
    const Status saved = m_save(m_text());
    m_lastError = saved ? std::nullopt : std::optional<Error>(saved.error());
    if (m_lastError) {
        // Keep the edit marked dirty and retry on the next pause; nothing is discarded.
        setState(State::Failed);
        return false;
    }
    m_dirty = false;
    setState(State::Saved);
    return true;
}

void Autosaver::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace scriptorium::ui
