#include "ui/quality/findings_dialog.h"

#include "store/chapter_store.h"
#include "ui/error_messages.h"
#include "ui/library_session.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace scriptorium::ui {

namespace {

enum Column { Chapter, Check, Severity, Quote, Says, WrittenBy, Status, ColumnCount };

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

QString FindingsDialog::kindText(const std::string &kind)
{
    if (kind == "repetition")
        return tr("Repetition");
    if (kind == "language_drift")
        return tr("Language drift");
    if (kind == "truncation")
        return tr("Cut off");
    if (kind == "meta_text")
        return tr("Meta text");
    if (kind == "length")
        return tr("Length");
    if (kind == "broken_json")
        return tr("Broken structure");
    if (kind == "continuity")
        return tr("Continuity");
    return fromStd(kind);
}

FindingsDialog::FindingsDialog(LibrarySession *session, std::int64_t bookId, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_bookId(bookId)
{
    setWindowTitle(tr("Quality Findings"));
    setObjectName(QStringLiteral("findingsDialog"));
    resize(900, 480);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("findingsList"));
    m_list->setRootIsDecorated(false);
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Chapter"), tr("Check"), tr("Severity"), tr("Quote"),
                             tr("What it says"), tr("Written by"), tr("Status")});
    m_list->header()->setSectionResizeMode(Quote, QHeaderView::Stretch);
    m_list->setWordWrap(true);
    m_showIntentional = new QCheckBox(tr("Show findings marked intentional"), this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("findingsSummary"));
    m_summary->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_open = buttons->addButton(tr("Open in Editor"), QDialogButtonBox::ActionRole);
    m_mark = buttons->addButton(tr("Mark Intentional"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_showIntentional, &QCheckBox::toggled, this, &FindingsDialog::reload);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &FindingsDialog::updateButtons);
    auto openCurrent = [this] {
        const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
        if (row < 0 || row >= static_cast<int>(m_listed.size()))
            return;
        const store::StoredFinding &f = m_listed[static_cast<std::size_t>(row)];
        if (f.chapterId)
            emit openRequested(*f.chapterId, fromStd(f.evidence));
    };
    connect(m_open, &QPushButton::clicked, this, openCurrent);
    connect(m_list, &QTreeWidget::itemActivated, this, openCurrent);
    connect(m_mark, &QPushButton::clicked, this, [this] {
        const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
        if (row >= 0 && row < static_cast<int>(m_listed.size()))
            (void)setIntentional(row, !m_listed[static_cast<std::size_t>(row)].intentional);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_showIntentional);
    layout->addWidget(buttons);
    reload();
}

void FindingsDialog::reload()
{
    m_list->clear();
    m_listed.clear();
    if (!m_session) {
        updateButtons();
        return;
    }
    store::Database &db = m_session->database();
    auto chapters = store::ChapterStore(db).list(m_bookId);
    if (!chapters) {
        m_summary->setText(errorText(chapters.error()));
        updateButtons();
        return;
    }
    const bool withIntentional = m_showIntentional->isChecked();
    int shown = 0;
    for (const store::ChapterListItem &chapter : *chapters) {
        auto findings = store::QualityStore(db).forChapter(chapter.id, withIntentional);
        if (!findings) {
            m_summary->setText(errorText(findings.error()));
            break;
        }
        for (store::StoredFinding &f : *findings) {
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(Chapter, QString::number(chapter.position));
            item->setText(Check,
                          kindText(f.kind) + (f.source == "audit" ? tr(" (audit)") : QString()));
            item->setText(Severity, f.severity == "major" ? tr("major") : tr("minor"));
            item->setText(Quote, fromStd(f.evidence));
            item->setToolTip(Quote, fromStd(f.evidence));
            const QString says = f.reference.empty()
                ? fromStd(f.detail)
                : tr("Reference: %1").arg(fromStd(f.reference));
            item->setText(Says, says);
            item->setToolTip(Says, fromStd(f.detail));
            QString writer = fromStd(f.provider.empty() ? std::string("?") : f.provider);
            if (!f.precision.empty())
                writer += QLatin1Char(' ') + fromStd(f.precision);
            if (f.degraded)
                writer += tr(" (degraded)");
            item->setText(WrittenBy, writer);
            item->setToolTip(WrittenBy, fromStd(f.model));
            item->setText(Status, f.intentional ? tr("intentional") : QString());
            m_listed.push_back(std::move(f));
            ++shown;
        }
    }
    if (chapters)
        m_summary->setText(
            shown == 0 ? tr("No findings in this book.")
                       : tr("%n finding(s). Select one to open it in the editor or to mark it "
                            "intentional: an intentional finding is hidden and does not come back "
                            "when the chapter is regenerated.",
                            nullptr, shown));
    updateButtons();
}

bool FindingsDialog::setIntentional(int row, bool intentional)
{
    if (!m_session || row < 0 || row >= static_cast<int>(m_listed.size()))
        return false;
    const std::int64_t id = m_listed[static_cast<std::size_t>(row)].id;
    if (auto ok = store::QualityStore(m_session->database()).setIntentional(id, intentional); !ok) {
        m_summary->setText(errorText(ok.error()));
        return false;
    }
    reload();
    return true;
}

void FindingsDialog::updateButtons()
{
    const int row = m_list->indexOfTopLevelItem(m_list->currentItem());
    const bool selected = row >= 0 && row < static_cast<int>(m_listed.size());
    m_open->setEnabled(selected);
    m_mark->setEnabled(selected);
    m_mark->setText(selected && m_listed[static_cast<std::size_t>(row)].intentional
                        ? tr("Not Intentional")
                        : tr("Mark Intentional"));
}

} // namespace scriptorium::ui
