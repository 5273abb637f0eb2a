#include "ui/library_tree.h"

#include "store/chapter_store.h"
#include "ui/library_session.h"

#include <QDropEvent>
#include <QHeaderView>
#include <QMimeData>
#include <QSet>
#include <QStandardItemModel>

namespace scriptorium::ui {

namespace {

using Kind = LibraryTree::Kind;

/// `target` ≤ 0: none set.
QString lengthText(std::int64_t length, std::int64_t target)
{
    if (target > 0)
        return LibraryTree::tr("%L1 / %L2").arg(length).arg(target);
    return QStringLiteral("%L1").arg(length);
}

QStandardItem *makeItem(const QString &text, Kind kind, std::int64_t id, std::int64_t bookId)
{
    auto *item = new QStandardItem(text);
    item->setData(static_cast<int>(kind), LibraryTree::KindRole);
    item->setData(QVariant::fromValue<qint64>(id), LibraryTree::IdRole);
    item->setData(QVariant::fromValue<qint64>(bookId), LibraryTree::BookIdRole);
    item->setEditable(false);
    item->setDropEnabled(false);
    item->setDragEnabled(kind == Kind::Chapter);
    return item;
}

QList<QStandardItem *> makeRow(QStandardItem *first, const QString &length, const QString &status)
{
    auto *lengthItem = new QStandardItem(length);
    lengthItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    lengthItem->setEditable(false);
    lengthItem->setDropEnabled(false);
    lengthItem->setDragEnabled(first->isDragEnabled());
    auto *statusItem = new QStandardItem(status);
    statusItem->setEditable(false);
    statusItem->setDropEnabled(false);
    statusItem->setDragEnabled(first->isDragEnabled());
    return {first, lengthItem, statusItem};
}

} // namespace

LibraryTree::LibraryTree(QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("libraryTree"));
    m_model = new QStandardItemModel(this);
    m_model->setHorizontalHeaderLabels({tr("Title"), tr("Length"), tr("Status")});
    setModel(m_model);
    setUniformRowHeights(true);
    setAlternatingRowColors(false);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::InternalMove);
    setDefaultDropAction(Qt::MoveAction);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
}

QIcon LibraryTree::statusIcon(store::ChapterStatus status)
{
    return QIcon(QStringLiteral(":/icons/status-%1.svg")
                     .arg(QString::fromLatin1(store::chapterStatusName(status))));
}

QString LibraryTree::statusText(store::ChapterStatus status)
{
    switch (status) {
    case store::ChapterStatus::Planned:
        return tr("Planned");
    case store::ChapterStatus::Drafted:
        return tr("Drafted");
    case store::ChapterStatus::Generated:
        return tr("Generated");
    case store::ChapterStatus::Edited:
        return tr("Edited");
    case store::ChapterStatus::Final:
        return tr("Final");
    }
    return {};
}

void LibraryTree::setSession(LibrarySession *session)
{
    m_session = session;
    if (m_session)
        connect(m_session, &LibrarySession::structureChanged, this, &LibraryTree::reload);
    reload();
}

void LibraryTree::reload()
{
    // Keep what the writer sees: expanded books and the selected row.
    QSet<qint64> expanded;
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (isExpanded(m_model->index(i, 0)))
            expanded << m_model->item(i)->data(IdRole).toLongLong();
    }
    const bool firstLoad = m_model->rowCount() == 0;
    const QModelIndex current = currentIndex();
    const int currentKind
        = current.isValid() ? current.siblingAtColumn(0).data(KindRole).toInt() : 0;
    const qint64 currentId
        = current.isValid() ? current.siblingAtColumn(0).data(IdRole).toLongLong() : 0;

    const QSignalBlocker blocker(selectionModel());
    m_model->removeRows(0, m_model->rowCount());
    if (!m_session)
        return;
    auto books = m_session->books().list();
    if (!books)
        return;
    for (const store::BookSummary &summary : *books) {
        const store::Book &book = summary.book;
        auto *bookItem = makeItem(toQ(book.title), Kind::Book, book.id, book.id);
        bookItem->setIcon(QIcon(QStringLiteral(":/icons/book.svg")));
        bookItem->setDropEnabled(true);
        auto chapters = m_session->chapters().list(book.id);
        std::int64_t total = 0;
        std::int64_t chapterTargets = 0;
        if (chapters) {
            for (const store::ChapterListItem &c : *chapters) {
                total += c.bodyLength;
                chapterTargets += c.targetLength.value_or(0);
                const QString title = c.title.empty()
                    ? tr("Chapter %1").arg(c.position)
                    : QStringLiteral("%1. %2").arg(c.position).arg(toQ(c.title));
                auto *item = makeItem(title, Kind::Chapter, c.id, book.id);
                item->setIcon(statusIcon(c.status));
                item->setToolTip(statusText(c.status));
                bookItem->appendRow(makeRow(item,
                                            lengthText(c.bodyLength, c.targetLength.value_or(0)),
                                            statusText(c.status)));
            }
        }
        auto trashed = m_session->chapters().listTrash(book.id);
        if (trashed && !trashed->empty()) {
            auto *trash
                = makeItem(tr("Trash (%1)").arg(trashed->size()), Kind::TrashFolder, 0, book.id);
            trash->setIcon(QIcon(QStringLiteral(":/icons/trash.svg")));
            for (const store::ChapterListItem &c : *trashed) {
                auto *item = makeItem(c.title.empty() ? tr("Untitled chapter") : toQ(c.title),
                                      Kind::TrashedChapter, c.id, book.id);
                item->setForeground(palette().brush(QPalette::PlaceholderText));
                trash->appendRow(makeRow(item, QStringLiteral("%L1").arg(c.bodyLength), {}));
            }
            bookItem->appendRow(makeRow(trash, {}, {}));
        }
        // A book's own target, else the sum of its chapters' targets (0: none set).
        const std::int64_t target = book.targetLength.value_or(chapterTargets);
        auto row = makeRow(bookItem, lengthText(total, target),
                           tr("%n chapter(s)", nullptr, static_cast<int>(summary.chapters)));
        row[0]->setToolTip(book.targetUnit == "characters" ? tr("Length in characters")
                                                           : tr("Length in words"));
        m_model->appendRow(row);
        if (firstLoad || expanded.contains(book.id))
            expand(bookItem->index());
    }

    if (currentKind == int(Kind::Chapter) || currentKind == int(Kind::TrashedChapter)) {
        if (QStandardItem *item = itemForChapter(currentId))
            setCurrentIndex(item->index());
    } else if (currentKind == int(Kind::Book)) {
        if (QStandardItem *item = itemForBook(currentId))
            setCurrentIndex(item->index());
    }
}

QStandardItem *LibraryTree::itemForBook(std::int64_t bookId) const
{
    for (int i = 0; i < m_model->rowCount(); ++i) {
        if (m_model->item(i)->data(IdRole).toLongLong() == bookId)
            return m_model->item(i);
    }
    return nullptr;
}

QStandardItem *LibraryTree::itemForChapter(std::int64_t chapterId) const
{
    for (int i = 0; i < m_model->rowCount(); ++i) {
        QStandardItem *book = m_model->item(i);
        for (int j = 0; j < book->rowCount(); ++j) {
            QStandardItem *child = book->child(j);
            const auto kind = Kind(child->data(KindRole).toInt());
            if (kind == Kind::Chapter && child->data(IdRole).toLongLong() == chapterId)
                return child;
            if (kind == Kind::TrashFolder) {
                for (int k = 0; k < child->rowCount(); ++k) {
                    if (child->child(k)->data(IdRole).toLongLong() == chapterId)
                        return child->child(k);
                }
            }
        }
    }
    return nullptr;
}

std::int64_t LibraryTree::currentBookId() const
{
    const QModelIndex index = currentIndex();
    return index.isValid() ? index.siblingAtColumn(0).data(BookIdRole).toLongLong() : 0;
}

std::int64_t LibraryTree::currentChapterId() const
{
    const QModelIndex index = currentIndex().siblingAtColumn(0);
    return index.isValid() && index.data(KindRole).toInt() == int(Kind::Chapter)
        ? index.data(IdRole).toLongLong()
        : 0;
}

std::int64_t LibraryTree::currentTrashedChapterId() const
{
    const QModelIndex index = currentIndex().siblingAtColumn(0);
    return index.isValid() && index.data(KindRole).toInt() == int(Kind::TrashedChapter)
        ? index.data(IdRole).toLongLong()
        : 0;
}

bool LibraryTree::selectChapter(std::int64_t chapterId)
{
    QStandardItem *item = itemForChapter(chapterId);
    if (!item)
        return false;
    setCurrentIndex(item->index());
    return true;
}

bool LibraryTree::selectBook(std::int64_t bookId)
{
    QStandardItem *item = itemForBook(bookId);
    if (!item)
        return false;
    setCurrentIndex(item->index());
    return true;
}

void LibraryTree::onCurrentChanged(const QModelIndex &current)
{
    const QModelIndex first = current.siblingAtColumn(0);
    emit bookSelected(first.isValid() ? first.data(BookIdRole).toLongLong() : 0);
    emit chapterSelected(first.isValid() && first.data(KindRole).toInt() == int(Kind::Chapter)
                             ? first.data(IdRole).toLongLong()
                             : 0);
}

int LibraryTree::dropPosition(const QPoint &pos, std::int64_t bookId) const
{
    const QModelIndex target = indexAt(pos).siblingAtColumn(0);
    if (!target.isValid() || target.data(BookIdRole).toLongLong() != bookId)
        return 0;
    const auto kind = Kind(target.data(KindRole).toInt());
    QStandardItem *book = itemForBook(bookId);
    int live = 0;
    for (int j = 0; book && j < book->rowCount(); ++j)
        live += book->child(j)->data(KindRole).toInt() == int(Kind::Chapter) ? 1 : 0;
    if (kind == Kind::Book)
        return 1;
    if (kind != Kind::Chapter)
        return live; // onto the trash folder: to the end
    const int row = target.row() + 1; // the chapter's current position
    const QRect rect = visualRect(target);
    return pos.y() < rect.center().y() ? row : row + 1;
}

bool LibraryTree::isOwnDrag(const QDropEvent *event) const
{
    // Only rows dragged inside this tree (a synthetic drag in tests has no source).
    const QStringList types = m_model->mimeTypes();
    return (event->source() == this || event->source() == nullptr) && !types.isEmpty()
        && event->mimeData()->hasFormat(types.first());
}

void LibraryTree::dragEnterEvent(QDragEnterEvent *event)
{
    if (!isOwnDrag(event)
        || currentIndex().siblingAtColumn(0).data(KindRole).toInt() != int(Kind::Chapter)) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
}

void LibraryTree::dragMoveEvent(QDragMoveEvent *event)
{
    const QModelIndex dragged = currentIndex().siblingAtColumn(0);
    if (!isOwnDrag(event) || dragged.data(KindRole).toInt() != int(Kind::Chapter)
        || dropPosition(event->position().toPoint(), dragged.data(BookIdRole).toLongLong()) == 0) {
        event->ignore();
        return;
    }
    QTreeView::dragMoveEvent(event);
    event->acceptProposedAction();
}

void LibraryTree::dropEvent(QDropEvent *event)
{
    // The model never moves rows itself: the store reorders, then the tree is rebuilt.
    event->setDropAction(Qt::IgnoreAction);
    event->accept();
    if (!isOwnDrag(event))
        return;
    const QModelIndex dragged = currentIndex().siblingAtColumn(0);
    if (dragged.data(KindRole).toInt() != int(Kind::Chapter))
        return;
    const std::int64_t bookId = dragged.data(BookIdRole).toLongLong();
    int position = dropPosition(event->position().toPoint(), bookId);
    if (position == 0)
        return;
    const int from = dragged.row() + 1;
    if (position > from)
        --position; // positions after the chapter shift up once it is lifted out
    if (position != from)
        emit moveRequested(dragged.data(IdRole).toLongLong(), position);
}

} // namespace scriptorium::ui
