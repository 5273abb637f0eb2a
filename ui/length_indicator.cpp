#include "ui/length_indicator.h"

#include "util/text_stats.h"

#include <QPlainTextEdit>

namespace scriptorium::ui {

LengthIndicator::LengthIndicator(QPlainTextEdit *editor, QWidget *parent)
    : QLabel(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("lengthIndicator"));
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &LengthIndicator::refresh);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    refresh();
}

void LengthIndicator::refresh()
{
    const QByteArray utf8 = m_editor->toPlainText().toUtf8();
    const TextStats stats = countText({utf8.constData(), static_cast<std::size_t>(utf8.size())});
    const int length = static_cast<int>(stats.length());
    // Chinese writers count characters, everyone else words (see util/text_stats.h).
    setText(stats.isMostlyCjk() ? tr("%Ln character(s)", nullptr, length)
                                : tr("%Ln word(s)", nullptr, length));
}

} // namespace scriptorium::ui
