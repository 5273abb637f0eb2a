#include "ui/find_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QTextEdit>
#include <QToolButton>

namespace scriptorium::ui {

int replaceAllInDocument(QTextDocument *document, const QString &needle, const QString &with,
                         QTextDocument::FindFlags flags)
{
    if (needle.isEmpty())
        return 0;
    int count = 0;
    QTextCursor edit(document);
    edit.beginEditBlock(); // one undo step for the whole replacement
    QTextCursor found = document->find(needle, 0, flags & ~QTextDocument::FindBackward);
    while (!found.isNull()) {
        found.insertText(with);
        ++count;
        found = document->find(needle, found.position(), flags & ~QTextDocument::FindBackward);
    }
    edit.endEditBlock();
    return count;
}

FindBar::FindBar(QTextEdit *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("findBar"));
    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("findField"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    m_replace = new QLineEdit(this);
    m_replace->setObjectName(QStringLiteral("replaceField"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_matchCase = new QCheckBox(tr("Match case"), this);
    m_wholeWords = new QCheckBox(tr("Whole words"), this);
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("findScope"));
    m_scope->addItem(tr("This chapter"));
    m_scope->addItem(tr("Whole book"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("findMessage"));

    auto *previous = new QPushButton(tr("Previous"), this);
    auto *next = new QPushButton(tr("Next"), this);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Close (Esc)"));
    close->setAutoRaise(true);
    auto *replaceOne = new QPushButton(tr("Replace"), this);
    auto *replaceAllButton = new QPushButton(tr("Replace all"), this);
    replaceAllButton->setObjectName(QStringLiteral("replaceAllButton"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    layout->addWidget(m_matchCase, 0, 3);
    layout->addWidget(m_wholeWords, 0, 4);
    layout->addWidget(m_message, 0, 5);
    layout->addWidget(close, 0, 6);
    m_replaceRow = new QWidget(this);
    auto *row = new QHBoxLayout(m_replaceRow);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_replace, 1);
    row->addWidget(replaceOne);
    row->addWidget(replaceAllButton);
    row->addWidget(new QLabel(tr("in"), m_replaceRow));
    row->addWidget(m_scope);
    layout->addWidget(m_replaceRow, 1, 0, 1, 7);
    layout->setColumnStretch(0, 1);

    connect(next, &QPushButton::clicked, this, [this] { findNext(false); });
    connect(previous, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(false); });
    connect(replaceOne, &QPushButton::clicked, this, &FindBar::replaceCurrent);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        emit closed();
    });
    hide();
}

QTextDocument::FindFlags FindBar::flags() const
{
    QTextDocument::FindFlags flags;
    if (m_matchCase->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    if (m_wholeWords->isChecked())
        flags |= QTextDocument::FindWholeWords;
    return flags;
}

bool FindBar::wholeBook() const
{
    return m_scope->currentIndex() == 1;
}

void FindBar::setWholeBook(bool wholeBook)
{
    m_scope->setCurrentIndex(wholeBook ? 1 : 0);
}

void FindBar::activate(bool replace)
{
    const QString selection = m_editor->textCursor().selectedText();
    if (!selection.isEmpty() && !selection.contains(QChar::ParagraphSeparator))
        m_find->setText(selection);
    setReplaceVisible(replace);
    m_message->clear();
    show();
    m_find->setFocus();
    m_find->selectAll();
}

void FindBar::setReplaceVisible(bool visible)
{
    m_replaceRow->setVisible(visible);
}

bool FindBar::findNext(bool backwards)
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return false;
    QTextDocument::FindFlags f = flags();
    if (backwards)
        f |= QTextDocument::FindBackward;
    if (m_editor->find(needle, f)) {
        m_message->clear();
        return true;
    }
    // Wrap around once, like every editor writers know.
    QTextCursor cursor = m_editor->textCursor();
    cursor.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
    m_editor->setTextCursor(cursor);
    if (m_editor->find(needle, f)) {
        m_message->setText(tr("Wrapped around"));
        return true;
    }
    m_message->setText(tr("Not found"));
    return false;
}

void FindBar::replaceCurrent()
{
    QTextCursor cursor = m_editor->textCursor();
    const Qt::CaseSensitivity cs = flags().testFlag(QTextDocument::FindCaseSensitively)
        ? Qt::CaseSensitive
        : Qt::CaseInsensitive;
    if (cursor.hasSelection() && cursor.selectedText().compare(m_find->text(), cs) == 0)
        cursor.insertText(m_replace->text());
    findNext(false);
}

int FindBar::replaceAll()
{
    if (wholeBook()) {
        emit replaceInBookRequested(m_find->text(), m_replace->text(), flags());
        return -1;
    }
    const int count
        = replaceAllInDocument(m_editor->document(), m_find->text(), m_replace->text(), flags());
    showMessage(tr("%n replaced", nullptr, count));
    return count;
}

void FindBar::showMessage(const QString &message)
{
    m_message->setText(message);
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_editor->setFocus();
        emit closed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace scriptorium::ui
