#include "ui/length_indicator.h"

#include "novel/length_unit.h"
#include "util/text_stats.h"

#include <QTextEdit>

namespace scriptorium::ui {

LengthIndicator::LengthIndicator(QTextEdit *editor, QWidget *parent)
    : QLabel(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("lengthIndicator"));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &LengthIndicator::refresh);
    connect(m_editor, &QTextEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    refresh();
}

void LengthIndicator::setTarget(int target)
{
    m_target = std::max(0, target);
    refresh();
}

void LengthIndicator::refresh()
{
    const QByteArray utf8 = m_editor->toPlainText().toUtf8();
    const TextStats stats = countText({utf8.constData(), static_cast<std::size_t>(utf8.size())});
    m_length = static_cast<int>(stats.length());
    // The editor does not know the book's language: the text itself decides the unit.
    QString text = novel::lengthUnitOf(stats) == novel::LengthUnit::Characters
        ? tr("%Ln character(s)", nullptr, m_length)
        : tr("%Ln word(s)", nullptr, m_length);
    if (m_target > 0)
        text = tr("%1 of %L2 (%3%)")
                   .arg(text)
                   .arg(m_target)
                   .arg(qRound(100.0 * m_length / m_target));
    setText(text);
}

} // namespace scriptorium::ui
