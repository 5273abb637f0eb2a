#include "ui/print/pdf_book.h"

#include "novel/chapter_heading.h"
#include "novel/docx_writer.h"
#include "novel/length_unit.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFont>
#include <QHash>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QRawFont>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBlockFormat>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>

namespace scriptorium::ui {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Serif families in order of preference: the CJK serif first for an East Asian book (its Latin
/// glyphs are fine too), a Latin serif first otherwise; the platform falls back after them.
QStringList bodyFamilies(bool cjk)
{
    if (cjk)
        return {QStringLiteral("Noto Serif CJK SC"), QStringLiteral("Noto Serif"),
                QStringLiteral("DejaVu Serif")};
    return {QStringLiteral("Noto Serif"), QStringLiteral("DejaVu Serif"),
            QStringLiteral("Noto Serif CJK SC")};
}

Error writeError(const QSaveFile &file, const QString &path)
{
    const QString reason = file.errorString();
    const QFileInfo dir(QFileInfo(path).absolutePath());
    if (dir.exists() && !dir.isWritable())
        return Error{ErrorCode::ReadOnly,
                     "The folder " + path.toStdString()
                         + " is in cannot be written; choose another folder.",
                     reason.toStdString()};
    return Error{ErrorCode::Io,
                 "The PDF could not be written to " + path.toStdString()
                     + "; check that the folder exists and the disk has space.",
                 reason.toStdString()};
}

/// The CJK radicals (U+2E80–U+2FDF) the font draws with the glyph of a character of `text`,
/// mapped to that character. Noto CJK shares, e.g., the glyph of 一 with ⼀ (U+2F00).
QHash<char32_t, char32_t> radicalLookAlikes(const QFont &font, const QString &text)
{
    QHash<char32_t, char32_t> out;
    const QRawFont raw = QRawFont::fromFont(font);
    if (!raw.isValid())
        return out;
    auto glyphOf = [&](char32_t c) {
        const QList<quint32> g = raw.glyphIndexesForString(QString::fromUcs4(&c, 1));
        return g.size() == 1 ? g.front() : 0u;
    };
    QHash<quint32, char32_t> byGlyph;
    for (const char32_t c : text.toUcs4())
        if (c >= 0x3400 && !byGlyph.contains(glyphOf(c)))
            byGlyph.insert(glyphOf(c), c);
    byGlyph.remove(0);
    for (char32_t r = 0x2E80; r <= 0x2FDF; ++r)
        if (const quint32 g = glyphOf(r); g != 0 && byGlyph.contains(g))
            out.insert(r, byGlyph.value(g));
    return out;
}

/// `pdf` with the ToUnicode maps saying the characters the text has where Qt's writer named a
/// glyph by a radical that shares it (QFontSubset names each glyph by the lowest code point the
/// font maps to it), so copying from or searching the PDF gives the writer's text. Rewrites
/// the changed streams' lengths and the cross-reference table. Returns `pdf` unchanged when
/// there is nothing to fix or its structure is not the one expected.
QByteArray fixToUnicode(const QByteArray &pdf, const QHash<char32_t, char32_t> &lookAlikes)
{
    if (lookAlikes.isEmpty())
        return pdf;
    static const QRegularExpression value(QStringLiteral("<([0-9A-Fa-f]{4})>"));
    auto fixLine = [&](QString line) -> QString {
        // Destinations only: after the source code(s) of a bfchar or bfrange line.
        const int sources = line.count(QLatin1Char('<')) >= 3 ? 2 : 1;
        qsizetype from = 0;
        for (int i = 0; i < sources; ++i)
            from = line.indexOf(QLatin1Char('>'), from) + 1;
        QString head = line.left(from);
        QString tail = line.mid(from);
        QRegularExpressionMatchIterator it = value.globalMatch(tail);
        QString fixed;
        qsizetype last = 0;
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const auto code = static_cast<char32_t>(m.captured(1).toUInt(nullptr, 16));
            fixed += tail.mid(last, m.capturedStart() - last);
            if (lookAlikes.contains(code)) {
                const char32_t unified = lookAlikes.value(code);
                const QString c = QString::fromUcs4(&unified, 1);
                fixed += QLatin1Char('<');
                for (const QChar unit : c)
                    fixed += QStringLiteral("%1").arg(unit.unicode(), 4, 16, QLatin1Char('0'));
                fixed += QLatin1Char('>');
            } else {
                fixed += m.captured(0);
            }
            last = m.capturedEnd();
        }
        return head + fixed + tail.mid(last);
    };

    QByteArray out;
    out.reserve(pdf.size() + 256);
    static const QRegularExpression object(
        QStringLiteral("\\n(\\d+) 0 obj\\n<< /Length (\\d+) >>\\nstream\\n"));
    qsizetype at = 0;
    bool changed = false;
    const QString latin = QString::fromLatin1(pdf);
    QRegularExpressionMatchIterator objects = object.globalMatch(latin);
    while (objects.hasNext()) {
        const QRegularExpressionMatch m = objects.next();
        const qsizetype start = m.capturedEnd();
        const qsizetype length = m.captured(2).toLongLong();
        const QByteArray stream = pdf.mid(start, length);
        if (!stream.contains("/Ordering (UCS)") || !stream.contains("begincmap"))
            continue;
        QStringList lines = QString::fromLatin1(stream).split(QLatin1Char('\n'));
        for (QString &line : lines)
            if (line.startsWith(QLatin1Char('<')))
                line = fixLine(line);
        const QByteArray fixedStream = lines.join(QLatin1Char('\n')).toLatin1();
        if (fixedStream == stream)
            continue;
        changed = true;
        out += pdf.mid(at, m.capturedStart() - at);
        out += "\n" + m.captured(1).toLatin1() + " 0 obj\n<< /Length "
            + QByteArray::number(fixedStream.size()) + " >>\nstream\n";
        out += fixedStream;
        at = start + length;
    }
    if (!changed)
        return pdf;
    out += pdf.mid(at);

    // The cross-reference table: every object's new offset.
    const qsizetype xref = out.lastIndexOf("\nxref\n");
    if (xref < 0)
        return pdf;
    const qsizetype table = xref + 6;
    const qsizetype header = out.indexOf('\n', table);
    const QList<QByteArray> counts = out.mid(table, header - table).split(' ');
    if (counts.size() != 2 || counts[0] != "0")
        return pdf;
    const int entries = counts[1].toInt();
    QByteArray rebuilt = out.left(header + 1);
    for (int n = 0; n < entries; ++n) {
        const QByteArray entry = out.mid(header + 1 + 20 * n, 20);
        if (n == 0 || entry.size() != 20 || entry.at(17) != 'n') {
            rebuilt += entry;
            continue;
        }
        const QByteArray marker = QByteArray("\n") + QByteArray::number(n) + QByteArray(" 0 obj\n");
        const qsizetype offset = out.indexOf(marker) + 1;
        if (offset <= 0)
            return pdf;
        rebuilt += QByteArray::number(offset).rightJustified(10, '0') + entry.mid(10);
    }
    const qsizetype trailer = header + 1 + 20 * static_cast<qsizetype>(entries);
    QByteArray rest = out.mid(trailer);
    const qsizetype startxref = rest.indexOf("startxref\n");
    if (startxref < 0)
        return pdf;
    rest = rest.left(startxref) + "startxref\n" + QByteArray::number(xref + 1) + " \n%%EOF\n";
    return rebuilt + rest;
}

} // namespace

Status writePdfBook(const novel::ExportBook &book, const QString &path)
{
    const bool cjk = novel::lengthUnitFor(book.language) == novel::LengthUnit::Characters;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString allText = QString::fromStdString(book.title + book.author);
    QFont body;
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(fromStd(book.title));
        writer.setCreator(QStringLiteral("Scriptorium"));
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A5), QPageLayout::Portrait,
                                         QMarginsF(18, 20, 18, 16), QPageLayout::Millimeter));

        QTextDocument doc;
        body.setFamilies(bodyFamilies(cjk));
        body.setPointSizeF(11);
        // No ligatures: a reader copying from the PDF gets "fi", not U+FB01.
        body.setStyleStrategy(QFont::PreferNoShaping);
        doc.setDefaultFont(body);
        doc.setDocumentMargin(0);
        // The page height in the document's units, for "a quarter down" before headings.
        const QRectF page = writer.pageLayout().paintRectPixels(writer.resolution());
        const double pageHeight = page.height() * 72.0 / writer.resolution();

        QTextCursor cursor(&doc);
        QTextBlockFormat centred;
        centred.setAlignment(Qt::AlignHCenter);
        QTextCharFormat titleChars;
        titleChars.setFontPointSize(20);
        titleChars.setFontWeight(QFont::Bold);
        QTextCharFormat plain;
        plain.setFontPointSize(11);

        // Title page.
        QTextBlockFormat titleBlock = centred;
        titleBlock.setTopMargin(pageHeight / 3);
        titleBlock.setBottomMargin(18);
        cursor.setBlockFormat(titleBlock);
        cursor.setCharFormat(titleChars);
        cursor.insertText(fromStd(book.title.empty() ? std::string("Untitled") : book.title));
        if (!book.author.empty()) {
            QTextCharFormat byline = plain;
            byline.setFontPointSize(13);
            cursor.insertBlock(centred, byline);
            cursor.insertText(fromStd(book.author));
        }

        QTextBlockFormat heading = centred;
        heading.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        heading.setTopMargin(pageHeight / 4);
        heading.setBottomMargin(24);
        QTextCharFormat headingChars;
        headingChars.setFontPointSize(15);
        headingChars.setFontWeight(QFont::Bold);
        QTextBlockFormat paragraph;
        paragraph.setAlignment(Qt::AlignJustify);
        paragraph.setLineHeight(cjk ? 160 : 135, QTextBlockFormat::ProportionalHeight);
        QTextBlockFormat indented = paragraph;
        indented.setTextIndent(cjk ? 22 : 16); // two CJK characters; about 1.5 em
        QTextBlockFormat sceneBreak = centred;
        sceneBreak.setTopMargin(8);
        sceneBreak.setBottomMargin(8);

        for (std::size_t i = 0; i < book.chapters.size(); ++i) {
            const novel::ExportChapter &chapter = book.chapters[i];
            cursor.insertBlock(heading, headingChars);
            cursor.insertText(fromStd(chapter.title.empty()
                                          ? novel::untitledChapterHeading(i + 1, book.language)
                                          : chapter.title));
            // The first paragraph of a chapter or a scene starts flush (book typography);
            // Chinese indents every paragraph.
            bool flush = !cjk;
            for (const std::string &p : novel::manuscriptParagraphs(chapter.body)) {
                if (p == "#") {
                    cursor.insertBlock(sceneBreak, plain);
                    cursor.insertText(QStringLiteral("* * *"));
                    flush = !cjk;
                    continue;
                }
                cursor.insertBlock(flush ? paragraph : indented, plain);
                cursor.insertText(fromStd(p));
                flush = false;
            }
        }
        // print() lays the document out on the writer's pages and numbers them.
        doc.print(&writer);
        allText += doc.toPlainText();
    }
    const QByteArray pdf
        = cjk ? fixToUnicode(buffer.data(), radicalLookAlikes(body, allText)) : buffer.data();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(pdf) != pdf.size() || !file.commit())
        return fail(writeError(file, path));
    return {};
}

} // namespace scriptorium::ui
