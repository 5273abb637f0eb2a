#include "ui/outline_panel.h"

#include "store/chapter_store.h"
#include "ui/beat_list.h"
#include "ui/library_session.h"
#include "ui/library_tree.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace scriptorium::ui {

OutlinePanel::OutlinePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("outlinePanel"));
    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("chapterTitleEdit"));
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("chapterStatusBox"));
    using store::ChapterStatus;
    for (ChapterStatus s : {ChapterStatus::Planned, ChapterStatus::Drafted,
                            ChapterStatus::Generated, ChapterStatus::Edited, ChapterStatus::Final})
        m_status->addItem(LibraryTree::statusIcon(s), LibraryTree::statusText(s), int(s));
    m_target = new QSpinBox(this);
    m_target->setObjectName(QStringLiteral("chapterTargetBox"));
    m_target->setRange(0, 1000000);
    m_target->setSingleStep(500);
    m_target->setSpecialValueText(tr("no target"));
    m_target->setGroupSeparatorShown(true);
    m_outline = new QPlainTextEdit(this);
    m_outline->setObjectName(QStringLiteral("chapterOutlineEdit"));
    m_outline->setPlaceholderText(tr("What happens in this chapter."));
    m_beats = new BeatList(this);
    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("chapterSummaryEdit"));
    m_summary->setPlaceholderText(tr("What did happen: written after the chapter."));
    m_endState = new QPlainTextEdit(this);
    m_endState->setPlaceholderText(tr("Where everyone is and what changed at the end."));

    auto *form = new QFormLayout;
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Target:"), m_target);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Outline"), this));
    layout->addWidget(m_outline, 2);
    layout->addWidget(new QLabel(tr("Scene beats"), this));
    layout->addWidget(m_beats, 2);
    layout->addWidget(new QLabel(tr("Summary"), this));
    layout->addWidget(m_summary, 1);
    layout->addWidget(new QLabel(tr("End state"), this));
    layout->addWidget(m_endState, 1);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(800);
    connect(&m_saveTimer, &QTimer::timeout, this, &OutlinePanel::flush);
    connect(m_title, &QLineEdit::textEdited, this, &OutlinePanel::markDirty);
    connect(m_status, &QComboBox::currentIndexChanged, this, &OutlinePanel::markDirty);
    connect(m_target, &QSpinBox::valueChanged, this, [this](int value) {
        markDirty();
        if (!m_loading)
            emit targetChanged(value);
    });
    connect(m_beats, &BeatList::saveFailed, this, &OutlinePanel::saveFailed);
    for (QPlainTextEdit *edit : {m_outline, m_summary, m_endState})
        connect(edit, &QPlainTextEdit::textChanged, this, &OutlinePanel::markDirty);
    setEnabled(false);
}

void OutlinePanel::setSession(LibrarySession *session)
{
    m_session = session;
    m_chapterId = 0;
    m_beats->setSession(session);
    setChapter(0);
}

void OutlinePanel::markDirty()
{
    if (m_loading || m_chapterId == 0)
        return;
    m_dirty = true;
    m_saveTimer.start();
}

void OutlinePanel::setChapter(std::int64_t chapterId)
{
    if (chapterId == m_chapterId && chapterId != 0) {
        // Reopened (e.g. after a batch outlined it): beats may have changed meanwhile.
        m_beats->refresh();
        return;
    }
    flush();
    m_loading = true;
    m_chapterId = 0;
    m_title->clear();
    m_status->setCurrentIndex(0);
    m_target->setValue(0);
    m_outline->clear();
    m_summary->clear();
    m_endState->clear();
    if (m_session && chapterId != 0) {
        if (auto chapter = m_session->chapters().get(chapterId)) {
            m_chapterId = chapterId;
            m_title->setText(toQ(chapter->title));
            m_status->setCurrentIndex(std::max(0, m_status->findData(int(chapter->status))));
            m_target->setValue(static_cast<int>(chapter->targetLength.value_or(0)));
            m_outline->setPlainText(toQ(chapter->outline));
            m_summary->setPlainText(toQ(chapter->summary));
            m_endState->setPlainText(toQ(chapter->endState));
        }
    }
    m_beats->setChapter(m_chapterId);
    m_dirty = false;
    m_loading = false;
    setEnabled(m_chapterId != 0);
}

Status OutlinePanel::flush()
{
    if (auto s = m_beats->flush(); !s)
        return s;
    m_saveTimer.stop();
    if (!m_dirty || !m_session || m_chapterId == 0)
        return {};
    auto chapter = m_session->chapters().get(m_chapterId);
    if (!chapter) {
        emit saveFailed(chapter.error());
        return fail(chapter.error());
    }
    chapter->title = toStd(m_title->text().trimmed());
    chapter->status = store::ChapterStatus(m_status->currentData().toInt());
    chapter->targetLength
        = m_target->value() > 0 ? std::optional<std::int64_t>(m_target->value()) : std::nullopt;
    chapter->outline = toStd(m_outline->toPlainText());
    chapter->summary = toStd(m_summary->toPlainText());
    chapter->endState = toStd(m_endState->toPlainText());
    if (auto s = m_session->chapters().updateMeta(*chapter); !s) {
        emit saveFailed(s.error());
        return s;
    }
    m_dirty = false;
    emit metaSaved(m_chapterId);
    return {};
}

} // namespace scriptorium::ui
