#include "ui/bible_panel.h"

#include "ui/library_session.h"

#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

using store::BibleKind;

constexpr BibleKind kKinds[]
    = {BibleKind::Character, BibleKind::Place, BibleKind::Item, BibleKind::Lore, BibleKind::Style};

QString kindTitle(BibleKind kind)
{
    switch (kind) {
    case BibleKind::Character:
        return BiblePanel::tr("Characters");
    case BibleKind::Place:
        return BiblePanel::tr("Places");
    case BibleKind::Item:
        return BiblePanel::tr("Items");
    case BibleKind::Lore:
        return BiblePanel::tr("Lore");
    case BibleKind::Style:
        return BiblePanel::tr("Style notes");
    }
    return {};
}

} // namespace

BiblePanel::BiblePanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("biblePanel"));
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);

    auto *bookPage = new QWidget(this);
    auto *bookLayout = new QVBoxLayout(bookPage);
    m_premise = new QPlainTextEdit(bookPage);
    m_premise->setObjectName(QStringLiteral("premiseEdit"));
    m_premise->setPlaceholderText(tr("What the book is about, in a few sentences."));
    m_style = new QPlainTextEdit(bookPage);
    m_style->setObjectName(QStringLiteral("styleEdit"));
    m_style->setPlaceholderText(tr("Voice, tense, point of view, words to avoid…"));
    bookLayout->addWidget(new QLabel(tr("Premise"), bookPage));
    bookLayout->addWidget(m_premise, 1);
    bookLayout->addWidget(new QLabel(tr("Style guide"), bookPage));
    bookLayout->addWidget(m_style, 1);
    m_tabs->addTab(bookPage, tr("Book"));
    for (BibleKind kind : kKinds)
        m_tabs->addTab(createKindPage(kind), kindTitle(kind));

    // What an analysis derived waits for the writer: a bar with the count and Accept All.
    m_reviewBar = new QWidget(this);
    auto *reviewLayout = new QHBoxLayout(m_reviewBar);
    reviewLayout->setContentsMargins(4, 2, 4, 2);
    m_reviewNote = new QLabel(m_reviewBar);
    m_reviewNote->setWordWrap(true);
    m_acceptAll = new QPushButton(tr("Accept All"), m_reviewBar);
    m_acceptAll->setObjectName(QStringLiteral("bibleAcceptAll"));
    reviewLayout->addWidget(m_reviewNote, 1);
    reviewLayout->addWidget(m_acceptAll);
    connect(m_acceptAll, &QPushButton::clicked, this, [this] { (void)acceptAll(); });
    m_reviewBar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_reviewBar);
    layout->addWidget(m_tabs);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(800);
    connect(&m_saveTimer, &QTimer::timeout, this, &BiblePanel::flush);
    for (QPlainTextEdit *edit : {m_premise, m_style}) {
        connect(edit, &QPlainTextEdit::textChanged, this, [this] {
            if (m_loading)
                return;
            m_bookDirty = true;
            m_saveTimer.start();
        });
    }
    setEnabledForBook();
}

QWidget *BiblePanel::createKindPage(BibleKind kind)
{
    KindPage &page = m_pages[kind];
    auto *widget = new QWidget(this);
    page.widget = widget;
    page.list = new QListWidget(widget);
    page.list->setObjectName(
        QStringLiteral("bibleList_%1").arg(QString::fromLatin1(store::bibleKindName(kind))));
    page.name = new QLineEdit(widget);
    page.aliases = new QLineEdit(widget);
    page.aliases->setPlaceholderText(tr("Other names, separated by commas"));
    page.text = new QPlainTextEdit(widget);
    page.provenance = new QLabel(widget);
    page.provenance->setObjectName(
        QStringLiteral("bibleSource_%1").arg(QString::fromLatin1(store::bibleKindName(kind))));
    page.accept = new QPushButton(tr("Accept"), widget);
    page.accept->setToolTip(tr("Use this entry in prompts from now on"));
    auto *add = new QPushButton(tr("Add"), widget);
    auto *remove = new QPushButton(tr("Remove"), widget);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto *listSide = new QWidget(widget);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(page.list, 1);
    listLayout->addLayout(buttons);
    auto *detail = new QWidget(widget);
    auto *form = new QFormLayout(detail);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Name:"), page.name);
    form->addRow(tr("Aliases:"), page.aliases);
    form->addRow(page.text);
    auto *review = new QHBoxLayout;
    review->addWidget(page.provenance, 1);
    review->addWidget(page.accept);
    form->addRow(review);
    auto *splitter = new QSplitter(Qt::Vertical, widget);
    splitter->addWidget(listSide);
    splitter->addWidget(detail);
    auto *layout = new QVBoxLayout(widget);
    layout->addWidget(splitter);

    connect(page.list, &QListWidget::currentItemChanged, this,
            [this, kind](QListWidgetItem *current) {
                flush();
                showEntry(kind, current ? current->data(Qt::UserRole).toLongLong() : 0);
            });
    auto markDirty = [this, kind] {
        if (m_loading)
            return;
        m_pages[kind].dirty = true;
        m_saveTimer.start();
    };
    connect(page.name, &QLineEdit::textEdited, this, markDirty);
    connect(page.aliases, &QLineEdit::textEdited, this, markDirty);
    connect(page.text, &QPlainTextEdit::textChanged, this, markDirty);
    connect(add, &QPushButton::clicked, this, [this, kind] {
        bool ok = false;
        const QString name
            = QInputDialog::getText(this, tr("New entry"), tr("Name:"), QLineEdit::Normal, {}, &ok);
        if (ok && !name.trimmed().isEmpty())
            addEntry(kind, name.trimmed());
    });
    connect(page.accept, &QPushButton::clicked, this, [this, kind] {
        if (const std::int64_t id = m_pages[kind].entryId)
            (void)acceptEntry(id);
    });
    connect(remove, &QPushButton::clicked, this, [this, kind] {
        KindPage &p = m_pages[kind];
        if (!m_session || p.entryId == 0)
            return;
        if (auto s = m_session->bible().remove(p.entryId); !s) {
            emit saveFailed(s.error());
            return;
        }
        p.entryId = 0;
        p.dirty = false;
        loadEntries(kind);
    });
    return widget;
}

QListWidget *BiblePanel::entryList(BibleKind kind) const
{
    const auto it = m_pages.find(kind);
    return it == m_pages.end() ? nullptr : it->second.list;
}

void BiblePanel::setSession(LibrarySession *session)
{
    m_session = session;
    m_bookId = 0;
    setBook(0);
}

void BiblePanel::setBook(std::int64_t bookId)
{
    if (bookId == m_bookId && bookId != 0)
        return;
    flush();
    m_bookId = bookId;
    m_loading = true;
    m_premise->clear();
    m_style->clear();
    if (m_session && bookId != 0) {
        if (auto book = m_session->books().get(bookId)) {
            m_premise->setPlainText(toQ(book->premise));
            m_style->setPlainText(toQ(book->styleGuide));
        }
    }
    m_bookDirty = false;
    m_loading = false;
    for (BibleKind kind : kKinds)
        loadEntries(kind);
    setEnabledForBook();
}

void BiblePanel::reload()
{
    flush();
    for (BibleKind kind : kKinds)
        loadEntries(kind, m_pages[kind].entryId);
}

Status BiblePanel::acceptEntry(std::int64_t entryId)
{
    if (!m_session)
        return fail(ErrorCode::NotFound, "No library is open.");
    flush();
    if (auto s = m_session->bible().setReviewed(entryId, true); !s) {
        emit saveFailed(s.error());
        return s;
    }
    reload();
    return {};
}

Result<int> BiblePanel::acceptAll()
{
    if (!m_session || m_bookId == 0)
        return fail(ErrorCode::NotFound, "No book is open.");
    flush();
    auto count = m_session->bible().acceptAll(m_bookId);
    if (!count) {
        emit saveFailed(count.error());
        return count;
    }
    reload();
    return count;
}

QString BiblePanel::provenanceText(BibleKind kind) const
{
    const auto it = m_pages.find(kind);
    return it == m_pages.end() ? QString() : it->second.provenance->text();
}

void BiblePanel::updateReviewBar()
{
    m_unreviewed = 0;
    if (m_session && m_bookId != 0)
        if (auto waiting = m_session->bible().listUnreviewed(m_bookId))
            m_unreviewed = static_cast<int>(waiting->size());
    m_reviewNote->setText(
        tr("%n entries from the analysis wait for review: prompts use them once accepted.", nullptr,
           m_unreviewed));
    m_reviewBar->setVisible(m_unreviewed > 0);
}

void BiblePanel::setEnabledForBook()
{
    m_tabs->setEnabled(m_session && m_bookId != 0);
}

void BiblePanel::loadEntries(BibleKind kind, std::int64_t selectId)
{
    KindPage &page = m_pages[kind];
    m_loading = true;
    {
        const QSignalBlocker blocker(page.list);
        page.list->clear();
        if (m_session && m_bookId != 0) {
            if (auto entries = m_session->bible().list(m_bookId)) {
                for (const store::BibleEntry &e : *entries) {
                    if (e.kind != kind)
                        continue;
                    auto *item = new QListWidgetItem(
                        e.reviewed ? toQ(e.name) : tr("%1 (to review)").arg(toQ(e.name)),
                        page.list);
                    item->setData(Qt::UserRole, QVariant::fromValue<qint64>(e.id));
                    if (!e.reviewed) {
                        QFont font = item->font();
                        font.setItalic(true);
                        item->setFont(font);
                    }
                    if (e.id == selectId)
                        page.list->setCurrentItem(item);
                }
            }
        }
    }
    m_loading = false;
    showEntry(kind, selectId);
    updateReviewBar();
}

void BiblePanel::showEntry(BibleKind kind, std::int64_t entryId)
{
    KindPage &page = m_pages[kind];
    m_loading = true;
    page.entryId = 0;
    page.name->clear();
    page.aliases->clear();
    page.text->clear();
    page.provenance->clear();
    bool waiting = false;
    if (m_session && entryId != 0) {
        if (auto entry = m_session->bible().get(entryId)) {
            page.entryId = entryId;
            page.name->setText(toQ(entry->name));
            page.aliases->setText(toQ(entry->aliases));
            page.text->setPlainText(toQ(entry->text));
            waiting = !entry->reviewed;
            std::optional<int> position;
            if (entry->sourceChapterId)
                if (auto chapter = m_session->chapters().get(*entry->sourceChapterId))
                    position = chapter->position;
            if (position && waiting)
                page.provenance->setText(tr("From chapter %1 · to review").arg(*position));
            else if (position)
                page.provenance->setText(tr("From chapter %1").arg(*position));
            else if (waiting)
                page.provenance->setText(tr("To review"));
        }
    }
    page.accept->setVisible(waiting);
    const bool has = page.entryId != 0;
    page.name->setEnabled(has);
    page.aliases->setEnabled(has);
    page.text->setEnabled(has);
    page.dirty = false;
    m_loading = false;
}

Result<std::int64_t> BiblePanel::addEntry(BibleKind kind, const QString &name)
{
    if (!m_session || m_bookId == 0)
        return fail(ErrorCode::NotFound, "No book is open.");
    flush();
    store::BibleEntry entry;
    entry.bookId = m_bookId;
    entry.kind = kind;
    entry.name = toStd(name);
    auto id = m_session->bible().add(entry);
    if (!id) {
        emit saveFailed(id.error());
        return id;
    }
    loadEntries(kind, *id);
    m_tabs->setCurrentWidget(m_pages[kind].widget);
    return *id;
}

Status BiblePanel::flush()
{
    m_saveTimer.stop();
    if (!m_session || m_bookId == 0)
        return {};
    Status saved;
    if (m_bookDirty) {
        auto book = m_session->books().get(m_bookId);
        if (book) {
            book->premise = toStd(m_premise->toPlainText());
            book->styleGuide = toStd(m_style->toPlainText());
            if (auto s = m_session->books().update(*book); !s) {
                emit saveFailed(s.error());
                saved = s;
            } else {
                m_bookDirty = false;
            }
        }
    }
    for (auto &[kind, page] : m_pages) {
        if (!page.dirty || page.entryId == 0)
            continue;
        auto entry = m_session->bible().get(page.entryId);
        if (!entry)
            continue;
        const QString name = page.name->text().trimmed();
        if (!name.isEmpty())
            entry->name = toStd(name);
        entry->aliases = toStd(page.aliases->text());
        entry->text = toStd(page.text->toPlainText());
        if (auto s = m_session->bible().update(*entry); !s) {
            emit saveFailed(s.error());
            if (saved)
                saved = s;
            continue;
        }
        page.dirty = false;
        if (QListWidgetItem *item = page.list->currentItem())
            item->setText(entry->reviewed ? toQ(entry->name)
                                          : tr("%1 (to review)").arg(toQ(entry->name)));
    }
    return saved;
}

} // namespace scriptorium::ui
