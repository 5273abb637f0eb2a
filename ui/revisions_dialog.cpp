#include "ui/revisions_dialog.h"

#include "store/generation_store.h"
#include "ui/error_messages.h"
#include "ui/library_session.h"
#include "ui/text_diff.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

QString sourceText(store::BodySource source)
{
    switch (source) {
    case store::BodySource::Writer:
        return RevisionsDialog::tr("your edit");
    case store::BodySource::Generation:
        return RevisionsDialog::tr("generation");
    case store::BodySource::Restore:
        return RevisionsDialog::tr("restore");
    case store::BodySource::Import:
        return RevisionsDialog::tr("import");
    }
    return {};
}

QString paragraphsHtml(const QStringList &paragraphs, const char *background)
{
    QString html;
    for (const QString &p : paragraphs) {
        const QString escaped = p.isEmpty() ? QStringLiteral("&nbsp;") : p.toHtmlEscaped();
        html += background ? QStringLiteral("<p style=\"background-color:%1\">%2</p>")
                                 .arg(QLatin1String(background), escaped)
                           : QStringLiteral("<p>%1</p>").arg(escaped);
    }
    return html;
}

} // namespace

RevisionsDialog::RevisionsDialog(LibrarySession *session, std::int64_t chapterId,
                                 const QString &currentBody, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_chapterId(chapterId)
    , m_current(currentBody)
{
    setObjectName(QStringLiteral("revisionsDialog"));
    setWindowTitle(tr("Revisions"));
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("revisionList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Replaced"), tr("Replaced by"), tr("Model"), tr("Provider"),
                             tr("Precision"), tr("Cost"), tr("Size")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_old = new QTextBrowser(this);
    m_new = new QTextBrowser(this);
    auto *oldSide = new QWidget(this);
    auto *oldLayout = new QVBoxLayout(oldSide);
    oldLayout->setContentsMargins(0, 0, 0, 0);
    oldLayout->addWidget(new QLabel(tr("Selected revision"), oldSide));
    oldLayout->addWidget(m_old);
    auto *newSide = new QWidget(this);
    auto *newLayout = new QVBoxLayout(newSide);
    newLayout->setContentsMargins(0, 0, 0, 0);
    newLayout->addWidget(new QLabel(tr("Current text"), newSide));
    newLayout->addWidget(m_new);
    auto *sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(oldSide);
    sides->addWidget(newSide);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(m_list);
    vertical->addWidget(sides);
    vertical->setStretchFactor(1, 3);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("revisionsMessage"));
    m_message->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_restore = buttons->addButton(tr("&Restore this revision"), QDialogButtonBox::ActionRole);
    m_restore->setObjectName(QStringLiteral("restoreRevisionButton"));
    m_restore->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_restore, &QPushButton::clicked, this, &RevisionsDialog::restoreSelected);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &RevisionsDialog::showDiff);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(vertical, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(1000, 700);
    load();
}

void RevisionsDialog::load()
{
    m_list->clear();
    auto revisions = m_session->revisions().list(m_chapterId);
    if (!revisions) {
        showError(revisions.error());
        return;
    }
    store::GenerationStore generations(m_session->database());
    for (const store::RevisionInfo &r : *revisions) {
        QStringList columns{
            QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.createdAt), QLocale::ShortFormat),
            sourceText(r.replacedBy),
            {},
            {},
            {},
            {},
            QLocale().formattedDataSize(r.bytes)};
        if (r.generationId) {
            if (auto g = generations.get(*r.generationId)) {
                columns[2] = toQ(g->model);
                columns[3] = toQ(g->provider);
                columns[4]
                    = g->degraded ? tr("%1 (degraded)").arg(toQ(g->precision)) : toQ(g->precision);
                if (g->costUsd)
                    columns[5] = QStringLiteral("$%1").arg(*g->costUsd, 0, 'f', 4);
            }
        }
        auto *item = new QTreeWidgetItem(m_list, columns);
        item->setData(0, Qt::UserRole, QVariant::fromValue<qint64>(r.id));
    }
    if (m_list->topLevelItemCount() == 0)
        m_message->setText(tr("No revisions yet: a body is kept when a generation, import or "
                              "restore replaces it, and every ten minutes while you write."));
    else
        m_list->setCurrentItem(m_list->topLevelItem(0));
}

void RevisionsDialog::showDiff()
{
    QTreeWidgetItem *item = m_list->currentItem();
    m_restore->setEnabled(item != nullptr);
    if (!item)
        return;
    auto revision = m_session->revisions().get(item->data(0, Qt::UserRole).toLongLong());
    if (!revision) {
        showError(revision.error());
        return;
    }
    QString left;
    QString right;
    for (const DiffRun &run : diffParagraphs(toQ(revision->body), m_current)) {
        switch (run.kind) {
        case DiffRun::Kind::Same:
            left += paragraphsHtml(run.paragraphs, nullptr);
            right += paragraphsHtml(run.paragraphs, nullptr);
            break;
        case DiffRun::Kind::Removed:
            left += paragraphsHtml(run.paragraphs, "#f6c9c9");
            break;
        case DiffRun::Kind::Added:
            right += paragraphsHtml(run.paragraphs, "#c9ecc9");
            break;
        }
    }
    m_old->setHtml(left);
    m_new->setHtml(right);
}

void RevisionsDialog::showError(const Error &error)
{
    m_message->setText(errorText(error));
    m_message->setToolTip(errorDetail(error));
}

Status RevisionsDialog::restoreSelected()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item) // the button is disabled then: nothing to tell the writer
        return fail(ErrorCode::InvalidArgument, "no revision is selected");
    Status outcome
        = m_session->revisions().restore(m_chapterId, item->data(0, Qt::UserRole).toLongLong());
    if (!outcome) {
        showError(outcome.error());
        return outcome;
    }
    emit restored(m_chapterId);
    accept();
    return {};
}

} // namespace scriptorium::ui
