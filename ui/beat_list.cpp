#include "ui/beat_list.h"

#include "ui/library_session.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;

QToolButton *makeButton(const QString &text, const QString &tip, const char *name, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setObjectName(QString::fromLatin1(name));
    return button;
}

} // namespace

BeatList::BeatList(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("beatList"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("beatListView"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    // Room for four two-line beats; the Chapter dock scrolls when the window is shorter.
    m_list->setMinimumHeight(m_list->fontMetrics().lineSpacing() * 8 + 2 * m_list->frameWidth());

    m_add = makeButton(tr("Add"), tr("Add a beat after the selected one"), "beatAdd", this);
    m_remove = makeButton(tr("Remove"), tr("Remove the selected beat"), "beatRemove", this);
    m_up = makeButton(tr("Up"), tr("Move the selected beat up"), "beatUp", this);
    m_down = makeButton(tr("Down"), tr("Move the selected beat down"), "beatDown", this);
    m_draft = makeButton(tr("Draft at cursor"),
                         tr("Draft the selected beat into the chapter at the editor's cursor"),
                         "beatDraft", this);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("beatTextEdit"));
    m_text->setPlaceholderText(tr("What happens in this scene, in a line or two."));
    m_text->setMaximumHeight(m_text->fontMetrics().lineSpacing() * 4);
    m_pov = new QLineEdit(this);
    m_pov->setObjectName(QStringLiteral("beatPovEdit"));
    m_pov->setPlaceholderText(tr("optional"));
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("beatLocationEdit"));
    m_location->setPlaceholderText(tr("optional"));

    auto *buttons = new QHBoxLayout;
    for (QToolButton *b : {m_add, m_remove, m_up, m_down})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_draft);
    auto *form = new QFormLayout;
    form->addRow(tr("Beat:"), m_text);
    form->addRow(tr("POV:"), m_pov);
    form->addRow(tr("Location:"), m_location);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addLayout(form);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(800);
    connect(&m_saveTimer, &QTimer::timeout, this, &BeatList::flush);
    connect(m_text, &QPlainTextEdit::textChanged, this, &BeatList::markDirty);
    connect(m_pov, &QLineEdit::textEdited, this, &BeatList::markDirty);
    connect(m_location, &QLineEdit::textEdited, this, &BeatList::markDirty);
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        if (m_loading)
            return;
        flush(); // the beat the fields showed
        showSelected();
    });
    connect(m_list->model(), &QAbstractItemModel::rowsMoved, this,
            [this](const QModelIndex &, int start, int, const QModelIndex &, int row) {
                onRowsMoved(start, row);
            });
    connect(m_add, &QToolButton::clicked, this, [this] { addBeat(); });
    connect(m_remove, &QToolButton::clicked, this, [this] { removeSelected(); });
    connect(m_up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveSelected(1); });
    connect(m_draft, &QToolButton::clicked, this, [this] {
        flush(); // draft what the writer sees
        if (const std::int64_t id = selectedBeatId())
            emit draftBeatRequested(id);
    });
    updateButtons();
}

void BeatList::setSession(LibrarySession *session)
{
    m_session = session;
    m_chapterId = 0;
    m_dirty = false;
    setChapter(0);
}

void BeatList::setChapter(std::int64_t chapterId)
{
    if (chapterId == m_chapterId && chapterId != 0)
        return;
    flush();
    m_chapterId = m_session ? chapterId : 0;
    reload(0);
}

void BeatList::refresh()
{
    flush();
    reload(selectedBeatId());
}

std::vector<store::Beat> BeatList::beats() const
{
    if (!m_session || m_chapterId == 0)
        return {};
    return store::BeatStore(m_session->database())
        .list(m_chapterId)
        .value_or(std::vector<store::Beat>{});
}

std::int64_t BeatList::selectedBeatId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(kIdRole).toLongLong() : 0;
}

QString BeatList::label(const store::Beat &beat, int number) const
{
    QString text = QStringLiteral("%1. %2").arg(number).arg(toQ(beat.text));
    QStringList details;
    if (!beat.pov.empty())
        details << tr("POV: %1").arg(toQ(beat.pov));
    if (!beat.location.empty())
        details << tr("Location: %1").arg(toQ(beat.location));
    if (!details.isEmpty())
        text += QLatin1Char('\n') + details.join(QStringLiteral(" · "));
    return text;
}

void BeatList::reload(std::int64_t select)
{
    m_loading = true;
    m_saveTimer.stop();
    m_dirty = false;
    m_list->clear();
    const std::vector<store::Beat> list = beats();
    int row = -1;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto *item = new QListWidgetItem(label(list[i], static_cast<int>(i) + 1), m_list);
        item->setData(kIdRole, QVariant::fromValue<qint64>(list[i].id));
        item->setFlags(item->flags() | Qt::ItemIsDragEnabled);
        if (list[i].id == select)
            row = static_cast<int>(i);
    }
    m_list->setCurrentRow(row);
    m_loading = false;
    showSelected();
}

void BeatList::showSelected()
{
    m_loading = true;
    m_editing = selectedBeatId();
    m_text->clear();
    m_pov->clear();
    m_location->clear();
    if (m_editing != 0 && m_session) {
        if (auto beat = store::BeatStore(m_session->database()).get(m_editing)) {
            m_text->setPlainText(toQ(beat->text));
            m_pov->setText(toQ(beat->pov));
            m_location->setText(toQ(beat->location));
        }
    }
    m_loading = false;
    updateButtons();
}

void BeatList::updateButtons()
{
    const bool chapter = m_chapterId != 0;
    const int row = m_list->currentRow();
    const bool selected = chapter && row >= 0;
    m_add->setEnabled(chapter);
    m_remove->setEnabled(selected);
    m_up->setEnabled(selected && row > 0);
    m_down->setEnabled(selected && row + 1 < m_list->count());
    m_draft->setEnabled(selected);
    for (QWidget *w : std::initializer_list<QWidget *>{m_text, m_pov, m_location})
        w->setEnabled(selected);
}

void BeatList::markDirty()
{
    if (m_loading || m_editing == 0)
        return;
    m_dirty = true;
    m_saveTimer.start();
}

Status BeatList::report(Status status)
{
    if (!status)
        emit saveFailed(status.error());
    return status;
}

Status BeatList::flush()
{
    m_saveTimer.stop();
    if (!m_dirty || !m_session || m_editing == 0)
        return {};
    m_dirty = false;
    const QString text = m_text->toPlainText().trimmed();
    if (text.isEmpty())
        return {}; // a beat keeps its last words until it is removed
    store::Beat beat{.id = m_editing,
                     .text = toStd(text),
                     .pov = toStd(m_pov->text().trimmed()),
                     .location = toStd(m_location->text().trimmed())};
    if (auto s = store::BeatStore(m_session->database()).update(beat); !s)
        return report(s);
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(kIdRole).toLongLong() == m_editing)
            m_list->item(row)->setText(label(beat, row + 1));
    }
    return {};
}

Status BeatList::addBeat()
{
    if (!m_session || m_chapterId == 0)
        return {};
    if (auto s = flush(); !s)
        return s;
    const int row = m_list->currentRow();
    store::Beat beat{.chapterId = m_chapterId, .text = toStd(tr("New beat"))};
    auto id = store::BeatStore(m_session->database()).add(beat, row < 0 ? -1 : row + 1);
    if (!id)
        return report(fail(id.error()));
    reload(*id);
    m_text->setFocus();
    m_text->selectAll();
    return {};
}

Status BeatList::removeSelected()
{
    const std::int64_t id = selectedBeatId();
    if (!m_session || id == 0)
        return {};
    m_saveTimer.stop();
    m_dirty = false; // the pending edit goes with the beat
    const int row = m_list->currentRow();
    if (auto s = store::BeatStore(m_session->database()).remove(id); !s)
        return report(s);
    reload(0);
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    return {};
}

Status BeatList::moveSelected(int delta)
{
    const std::int64_t id = selectedBeatId();
    const int to = m_list->currentRow() + delta;
    if (!m_session || id == 0 || to < 0 || to >= m_list->count())
        return {};
    if (auto s = flush(); !s)
        return s;
    if (auto s = store::BeatStore(m_session->database()).move(id, to); !s)
        return report(s);
    reload(id);
    return {};
}

void BeatList::onRowsMoved(int from, int destination)
{
    if (m_loading || !m_session)
        return;
    // The model reports the row the item went before, counted before it was taken out.
    const int to = destination > from ? destination - 1 : destination;
    const QListWidgetItem *item = m_list->item(to);
    if (!item)
        return;
    if (auto s = store::BeatStore(m_session->database()).move(item->data(kIdRole).toLongLong(), to);
        !s) {
        report(s);
        reload(selectedBeatId()); // show the order that is stored
        return;
    }
    const std::vector<store::Beat> list = beats();
    for (int row = 0; row < m_list->count() && row < static_cast<int>(list.size()); ++row)
        m_list->item(row)->setText(label(list[static_cast<std::size_t>(row)], row + 1));
    updateButtons();
}

} // namespace scriptorium::ui
