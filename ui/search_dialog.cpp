#include "ui/search_dialog.h"

#include "store/database.h"
#include "store/search.h"
#include "ui/error_messages.h"
#include "ui/library_session.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace scriptorium::ui {

namespace {

Result<std::vector<store::SearchHit>> runSearch(const QString &path, const std::string &query,
                                                std::optional<std::int64_t> bookId)
{
    store::OpenOptions options;
    options.create = false;
    options.checkIntegrity = false;
    auto db = store::Database::open(std::filesystem::path(path.toStdString()), options);
    if (!db)
        return fail(db.error());
    store::SearchOptions searchOptions;
    searchOptions.bookId = bookId;
    searchOptions.limit = 200;
    searchOptions.openMarker = "\x01";
    searchOptions.closeMarker = "\x02";
    return store::search(**db, query, searchOptions);
}

} // namespace

SearchDialog::SearchDialog(const QString &libraryPath, std::int64_t bookId, QWidget *parent)
    : QDialog(parent)
    , m_path(libraryPath)
    , m_bookId(bookId)
{
    setObjectName(QStringLiteral("searchDialog"));
    setWindowTitle(tr("Search"));
    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("searchField"));
    m_query->setPlaceholderText(tr("Words or names to find in chapters and the story bible"));
    m_query->setClearButtonEnabled(true);
    m_thisBook = new QCheckBox(tr("Only this book"), this);
    m_thisBook->setChecked(bookId != 0);
    m_thisBook->setEnabled(bookId != 0);
    m_results = new QTreeWidget(this);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setRootIsDecorated(false);
    m_results->setHeaderLabels({tr("Where"), tr("Match")});
    m_results->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("searchMessage"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_thisBook);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(760, 520);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &SearchDialog::search);
    connect(m_query, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_thisBook, &QCheckBox::toggled, this, &SearchDialog::search);
    connect(m_results, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const qint64 id = item->data(0, Qt::UserRole).toLongLong();
        if (item->data(0, Qt::UserRole + 1).toBool())
            emit chapterChosen(id, m_query->text().trimmed());
        else
            emit bibleEntryChosen(id);
    });
}

void SearchDialog::search()
{
    m_debounce.stop();
    const QString query = m_query->text().trimmed();
    const int generation = ++m_generation;
    if (query.isEmpty()) {
        m_results->clear();
        m_message->clear();
        m_message->setToolTip({});
        return;
    }
    m_message->setText(tr("Searching…"));
    const std::optional<std::int64_t> book
        = m_thisBook->isChecked() ? std::optional(m_bookId) : std::nullopt;
    using Outcome = Result<std::vector<store::SearchHit>>;
    auto *watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer query is on its way
        const Outcome outcome = watcher->result();
        m_results->clear();
        if (!outcome) {
            m_message->setText(errorText(outcome.error()));
            m_message->setToolTip(errorDetail(outcome.error()));
            emit searchFinished(0);
            return;
        }
        m_message->setToolTip({});
        for (const store::SearchHit &hit : *outcome) {
            const bool chapter = hit.kind == "chapter";
            const QString where = chapter && hit.chapterPosition
                ? tr("Chapter %1: %2").arg(*hit.chapterPosition).arg(toQ(hit.title))
                : toQ(hit.title);
            QString snippet = toQ(hit.snippet).simplified();
            snippet.replace(QChar(0x01), QStringLiteral("«"))
                .replace(QChar(0x02), QStringLiteral("»"));
            auto *item = new QTreeWidgetItem(m_results, {where, snippet});
            item->setToolTip(1, snippet);
            item->setData(0, Qt::UserRole, QVariant::fromValue<qint64>(hit.refId));
            item->setData(0, Qt::UserRole + 1, chapter);
        }
        const int count = static_cast<int>(outcome->size());
        m_message->setText(tr("%n match(es)", nullptr, count));
        emit searchFinished(count);
    });
    watcher->setFuture(QtConcurrent::run(runSearch, m_path, toStd(query), book));
}

} // namespace scriptorium::ui
