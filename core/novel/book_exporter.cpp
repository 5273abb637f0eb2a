#include "novel/book_exporter.h"

#include "novel/chapter_heading.h"
#include "novel/docx_writer.h"
#include "novel/epub_writer.h"
#include "util/atomic_file.h"
#include "util/text_stats.h"
#include "util/utf8.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>

namespace scriptorium::novel {

namespace {

// A heading must stay on one line, or the chapter would not be found again on import.
std::string oneLine(std::string_view text)
{
    std::string out(text);
    std::ranges::replace(out, '\n', ' ');
    std::ranges::replace(out, '\r', ' ');
    return out;
}

std::string headingOf(const ExportChapter &chapter, std::size_t number, std::string_view language)
{
    if (!chapter.title.empty())
        return oneLine(chapter.title);
    return untitledChapterHeading(number, language);
}

std::string titleOf(const ExportBook &book)
{
    return book.title.empty() ? std::string("Untitled") : oneLine(book.title);
}

// Columns a line takes in a monospaced font: CJK characters are two wide.
std::size_t displayWidth(std::string_view text)
{
    std::size_t width = 0;
    while (!text.empty()) {
        const utf8::Decoded d = utf8::decode(text);
        text.remove_prefix(d.length);
        width += isCjkCharacter(d.codePoint) || (d.codePoint >= 0x3000 && d.codePoint <= 0x303F)
                || (d.codePoint >= 0xFF00 && d.codePoint <= 0xFF60)
            ? 2
            : 1;
    }
    return width;
}

std::string underline(std::string_view text, char marker)
{
    return std::string(std::max<std::size_t>(3, displayWidth(text)), marker);
}

void appendBody(std::string &out, std::string_view body)
{
    while (!body.empty() && (body.back() == '\n' || body.back() == ' ' || body.back() == '\t'))
        body.remove_suffix(1);
    if (!body.empty()) {
        out += body;
        out += "\n\n";
    }
}

} // namespace

Result<ExportFormat> exportFormatFromName(std::string_view name)
{
    std::string lower(name);
    std::ranges::transform(lower, lower.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    if (lower == "md" || lower == "markdown")
        return ExportFormat::Markdown;
    if (lower == "txt" || lower == "text")
        return ExportFormat::PlainText;
    if (lower == "epub")
        return ExportFormat::Epub;
    if (lower == "docx")
        return ExportFormat::Docx;
    return fail(ErrorCode::InvalidArgument,
                "Unknown export format \"" + std::string(name) + "\". Use md, txt, epub or docx.");
}

std::string renderMarkdown(const ExportBook &book)
{
    std::string out = "# " + titleOf(book) + "\n\n";
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        out += "## " + headingOf(book.chapters[i], i + 1, book.language) + "\n\n";
        appendBody(out, book.chapters[i].body);
    }
    return out;
}

std::string renderPlainText(const ExportBook &book)
{
    const std::string title = titleOf(book);
    std::string out = title + "\n" + underline(title, '=') + "\n\n";
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        const std::string heading = headingOf(book.chapters[i], i + 1, book.language);
        out += heading + "\n" + underline(heading, '-') + "\n\n";
        appendBody(out, book.chapters[i].body);
    }
    return out;
}

Status exportBook(const ExportBook &book, ExportFormat format, const std::filesystem::path &out)
{
    switch (format) {
    case ExportFormat::Markdown:
        return writeFileAtomically(out, renderMarkdown(book));
    case ExportFormat::PlainText:
        return writeFileAtomically(out, renderPlainText(book));
    case ExportFormat::Epub: {
        Result<std::string> epub = book.title.empty()
            ? [&] {
                  ExportBook titled = book;
                  titled.title = titleOf(book);
                  return buildEpub(titled, std::chrono::system_clock::now());
              }()
            : buildEpub(book, std::chrono::system_clock::now());
        if (!epub)
            return fail(epub.error());
        return writeFileAtomically(out, *epub);
    }
    case ExportFormat::Docx: {
        Result<std::string> docx = buildDocx(book);
        if (!docx)
            return fail(docx.error());
        return writeFileAtomically(out, *docx);
    }
    }
    return fail(ErrorCode::InvalidArgument, "Unknown export format. Use md, txt, epub or docx.");
}

} // namespace scriptorium::novel
