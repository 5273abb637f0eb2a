#include "novel/epub_writer.h"

#include "novel/chapter_heading.h"
#include "novel/zip_archive.h"
#include "util/utf8.h"

#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

namespace scriptorium::novel {

namespace {

constexpr std::string_view kContainerXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
)";

// Latin serif first, then the CJK serif faces of Linux (Noto), macOS/iOS and Windows.
constexpr std::string_view kStyleCss = R"(body {
  font-family: "Noto Serif", Georgia, "Noto Serif CJK SC", "Source Han Serif SC",
    "Songti SC", STSong, SimSun, serif;
  line-height: 1.7;
  margin: 0 5%;
}
h1, h2 { text-align: center; font-weight: bold; margin: 2em 0 1em 0; }
p { text-indent: 2em; margin: 0 0 0.6em 0; text-align: justify; }
.premise { text-indent: 0; font-style: italic; }
.author { text-align: center; text-indent: 0; }
nav ol { list-style-type: none; padding-left: 0; }
)";

struct Labels {
    std::string_view contents;
    std::string_view anonymous;
};

Labels labelsFor(std::string_view language)
{
    if (language.starts_with("zh"))
        return {"目录", "佚名"};
    return {"Contents", "Anonymous"};
}

std::string chapterTitle(const ExportChapter &chapter, std::size_t number, std::string_view lang)
{
    if (!chapter.title.empty())
        return chapter.title;
    return untitledChapterHeading(number, lang);
}

std::string chapterFile(std::size_t number)
{
    char buffer[48]; // "chapter-" + up to 20 digits + ".xhtml" + NUL
    std::snprintf(buffer, sizeof buffer, "chapter-%04zu.xhtml", number);
    return buffer;
}

std::string randomUuid()
{
    std::random_device device;
    std::mt19937_64 generator((static_cast<std::uint64_t>(device()) << 32) ^ device());
    std::uint64_t high = generator();
    std::uint64_t low = generator();
    high = (high & ~0xF000ULL) | 0x4000ULL; // version 4
    low = (low & ~(0xC0ULL << 56)) | (0x80ULL << 56); // RFC 4122 variant
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-%04llx-%04llx-%012llx",
                  static_cast<unsigned long long>(high >> 32),
                  static_cast<unsigned long long>((high >> 16) & 0xFFFF),
                  static_cast<unsigned long long>(high & 0xFFFF),
                  static_cast<unsigned long long>(low >> 48),
                  static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
    return buffer;
}

bool isUuid(std::string_view text)
{
    if (text.size() != 36)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0)
            return false;
    }
    return true;
}

std::string bookIdentifier(std::string_view identifier)
{
    if (identifier.empty())
        return "urn:uuid:" + randomUuid();
    if (isUuid(identifier))
        return "urn:uuid:" + std::string(identifier);
    return std::string(identifier);
}

std::string isoTimestamp(std::chrono::system_clock::time_point time)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string xhtmlHead(std::string_view lang, std::string_view title)
{
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang=")";
    out += lang;
    out += "\" lang=\"";
    out += lang;
    out += "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>";
    out += escapeXml(title);
    out += "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n";
    return out;
}

// Blank-line separated paragraphs become <p>; line breaks inside a paragraph stay as <br/>.
std::string paragraphs(std::string_view body)
{
    std::string out;
    std::string paragraph;
    auto flush = [&] {
        if (!paragraph.empty())
            out += "<p>" + paragraph + "</p>\n";
        paragraph.clear();
    };
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos)
            end = body.size();
        std::string_view line = body.substr(start, end - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            flush();
        } else {
            if (!paragraph.empty())
                paragraph += "<br/>";
            paragraph += escapeXml(line);
        }
        start = end + 1;
    }
    flush();
    return out;
}

std::string chapterDocument(std::string_view lang, const std::string &title, std::string_view body)
{
    std::string out = xhtmlHead(lang, title);
    out += "<body>\n<section epub:type=\"chapter\">\n<h2>" + escapeXml(title) + "</h2>\n";
    out += paragraphs(body);
    out += "</section>\n</body>\n</html>\n";
    return out;
}

std::string titleDocument(const ExportBook &book, std::string_view lang, std::string_view author)
{
    std::string out = xhtmlHead(lang, book.title);
    out += "<body>\n<section epub:type=\"titlepage\">\n<h1>" + escapeXml(book.title) + "</h1>\n";
    out += "<p class=\"author\">" + escapeXml(author) + "</p>\n";
    if (!book.premise.empty()) {
        std::string premise = paragraphs(book.premise);
        // Mark the premise paragraphs so the CSS can set them apart.
        for (std::size_t at = premise.find("<p>"); at != std::string::npos;
             at = premise.find("<p>", at + 1))
            premise.replace(at, 3, "<p class=\"premise\">");
        out += premise;
    }
    out += "</section>\n</body>\n</html>\n";
    return out;
}

struct TocEntry {
    std::string file;
    std::string title;
};

std::string navDocument(std::string_view lang, const Labels &labels,
                        const std::vector<TocEntry> &toc)
{
    std::string out = xhtmlHead(lang, labels.contents);
    out += "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>" + std::string(labels.contents)
        + "</h1>\n<ol>\n";
    for (const TocEntry &entry : toc)
        out += "<li><a href=\"" + entry.file + "\">" + escapeXml(entry.title) + "</a></li>\n";
    out += "</ol>\n</nav>\n</body>\n</html>\n";
    return out;
}

std::string ncxDocument(std::string_view lang, const std::string &identifier,
                        std::string_view title, const std::vector<TocEntry> &toc)
{
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang=")";
    out += std::string(lang) + "\">\n<head>\n<meta name=\"dtb:uid\" content=\""
        + escapeXml(identifier)
        + "\"/>\n<meta name=\"dtb:depth\" content=\"1\"/>\n"
          "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
          "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>"
        + escapeXml(title) + "</text></docTitle>\n<navMap>\n";
    for (std::size_t i = 0; i < toc.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        out += "<navPoint id=\"navpoint-" + n + "\" playOrder=\"" + n + "\"><navLabel><text>"
            + escapeXml(toc[i].title) + "</text></navLabel><content src=\"" + toc[i].file
            + "\"/></navPoint>\n";
    }
    out += "</navMap>\n</ncx>\n";
    return out;
}

std::string packageDocument(const ExportBook &book, std::string_view lang,
                            const std::string &identifier, std::string_view author,
                            const std::string &modified, std::size_t chapters)
{
    std::string out = R"(<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang=")";
    out += std::string(lang) + "\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n";
    out += "<dc:identifier id=\"book-id\">" + escapeXml(identifier) + "</dc:identifier>\n";
    out += "<dc:title>" + escapeXml(book.title) + "</dc:title>\n";
    out += "<dc:language>" + std::string(lang) + "</dc:language>\n";
    out += "<dc:creator>" + escapeXml(author) + "</dc:creator>\n";
    if (!book.premise.empty())
        out += "<dc:description>" + escapeXml(book.premise) + "</dc:description>\n";
    out += "<meta property=\"dcterms:modified\">" + modified + "</meta>\n</metadata>\n<manifest>\n";
    out += "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" "
           "properties=\"nav\"/>\n"
           "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>\n"
           "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n"
           "<item id=\"title-page\" href=\"title.xhtml\" media-type=\"application/xhtml+xml\"/>\n";
    for (std::size_t i = 1; i <= chapters; ++i) {
        const std::string file = chapterFile(i);
        out += "<item id=\"" + file.substr(0, file.size() - 6) + "\" href=\"" + file
            + "\" media-type=\"application/xhtml+xml\"/>\n";
    }
    out += "</manifest>\n<spine toc=\"ncx\">\n<itemref idref=\"title-page\"/>\n<itemref "
           "idref=\"nav\"/>\n";
    for (std::size_t i = 1; i <= chapters; ++i) {
        const std::string file = chapterFile(i);
        out += "<itemref idref=\"" + file.substr(0, file.size() - 6) + "\"/>\n";
    }
    out += "</spine>\n</package>\n";
    return out;
}

} // namespace

std::string escapeXml(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    while (!text.empty()) {
        const utf8::Decoded d = utf8::decode(text);
        const std::string_view bytes = text.substr(0, d.length);
        text.remove_prefix(d.length);
        if (!d.valid) {
            out += "\xEF\xBF\xBD"; // U+FFFD
            continue;
        }
        const char32_t cp = d.codePoint;
        if ((cp < 0x20 && cp != U'\t' && cp != U'\n' && cp != U'\r') || cp == 0xFFFE
            || cp == 0xFFFF)
            continue;
        switch (cp) {
        case U'&':
            out += "&amp;";
            break;
        case U'<':
            out += "&lt;";
            break;
        case U'>':
            out += "&gt;";
            break;
        case U'"':
            out += "&quot;";
            break;
        default:
            out += bytes;
        }
    }
    return out;
}

std::string epubLanguage(std::string_view language)
{
    if (language == "zh")
        return "zh-CN";
    if (language.empty() || language.size() > 35)
        return "en";
    for (const char c : language) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-')
            return "en";
    }
    return std::string(language);
}

Result<std::string> buildEpub(const ExportBook &book,
                              std::chrono::system_clock::time_point modified)
{
    const std::string lang = epubLanguage(book.language);
    const Labels labels = labelsFor(lang);
    const std::string identifier = bookIdentifier(book.identifier);
    const std::string author = book.author.empty() ? std::string(labels.anonymous) : book.author;

    std::vector<ZipEntry> entries;
    entries.push_back({"mimetype", "application/epub+zip", true});
    entries.push_back({"META-INF/container.xml", std::string(kContainerXml), false});
    entries.push_back({"OEBPS/style.css", std::string(kStyleCss), false});
    entries.push_back({"OEBPS/title.xhtml", titleDocument(book, lang, author), false});

    std::vector<TocEntry> toc;
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        const std::string title = chapterTitle(book.chapters[i], i + 1, lang);
        const std::string file = chapterFile(i + 1);
        entries.push_back(
            {"OEBPS/" + file, chapterDocument(lang, title, book.chapters[i].body), false});
        toc.push_back({file, title});
    }
    if (toc.empty())
        toc.push_back({"title.xhtml", book.title}); // a nav list may not be empty

    entries.push_back({"OEBPS/nav.xhtml", navDocument(lang, labels, toc), false});
    entries.push_back({"OEBPS/toc.ncx", ncxDocument(lang, identifier, book.title, toc), false});
    entries.push_back({"OEBPS/content.opf",
                       packageDocument(book, lang, identifier, author, isoTimestamp(modified),
                                       book.chapters.size()),
                       false});
    return buildZipArchive(entries);
}

} // namespace scriptorium::novel
