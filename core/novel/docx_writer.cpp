#include "novel/docx_writer.h"

#include "novel/chapter_heading.h"
#include "novel/epub_writer.h"
#include "novel/length_unit.h"
#include "novel/zip_archive.h"
#include "util/text_stats.h"
#include "util/utf8.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>

namespace scriptorium::novel {

namespace {

// Office Open XML measures in twentieths of a point ("twips"): 1440 to the inch.
constexpr int kInch = 1440;
constexpr int kPageWidth = 12240; // US Letter, 8.5 in
constexpr int kPageHeight = 15840; // 11 in
// A chapter starts a third of the way down the page: the space above its heading, below the
// 1-inch top margin.
constexpr int kChapterDrop = kPageHeight / 3 - kInch;

constexpr const char *kXmlHead = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
constexpr const char *kWordNs
    = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

std::string trimmed(std::string_view text)
{
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r';
    };
    while (!text.empty() && space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && space(text.back()))
        text.remove_suffix(1);
    // A full-width space (U+3000) opens many Chinese paragraphs: the indent does its work.
    while (text.starts_with("\u3000"))
        text.remove_prefix(3);
    return std::string(text);
}

bool isSceneBreak(std::string_view line)
{
    std::string compact;
    for (char c : line)
        if (c != ' ' && c != '\t')
            compact += c;
    if (compact.empty())
        return false;
    for (std::string_view mark : {"*", "#", "-", "~", "◇", "◆", "※", "○", "●"}) {
        std::string_view rest = compact;
        int count = 0;
        while (rest.starts_with(mark)) {
            rest.remove_prefix(mark.size());
            ++count;
        }
        if (rest.empty() && (count >= 3 || (mark == "#" && count == 1)))
            return true;
    }
    return false;
}

std::string withThousands(std::size_t n)
{
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

bool chineseBook(const ExportBook &book)
{
    return lengthUnitFor(book.language) == LengthUnit::Characters;
}

std::string surnameOf(std::string_view author, bool cjk)
{
    const std::string name = trimmed(author);
    if (name.empty())
        return cjk ? "作者" : "Author";
    if (cjk)
        return name;
    const std::size_t space = name.find_last_of(' ');
    return space == std::string::npos ? name : name.substr(space + 1);
}

std::string headerTitle(std::string_view title, bool cjk)
{
    std::string out(title);
    if (!cjk)
        std::ranges::transform(out, out.begin(), [](char c) {
            return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        });
    return out;
}

/// One paragraph: style, the text in one run.
std::string paragraph(std::string_view style, std::string_view text)
{
    std::string p = "<w:p><w:pPr><w:pStyle w:val=\"";
    p += style;
    p += "\"/></w:pPr>";
    if (!text.empty()) {
        p += "<w:r><w:t xml:space=\"preserve\">";
        p += escapeXml(text);
        p += "</w:t></w:r>";
    }
    p += "</w:p>";
    return p;
}

std::string styles(const ExportBook &book, const ManuscriptStyle &style)
{
    const bool cjk = chineseBook(book);
    const std::string size = std::to_string(style.pointSize * 2); // half-points
    const std::string lang = cjk ? "zh-CN" : "en-US";
    // CJK body text indents two characters; Latin text half an inch.
    const std::string indent = cjk ? R"(<w:ind w:firstLineChars="200" w:firstLine="480"/>)"
                                   : R"(<w:ind w:firstLine="720"/>)";
    std::string s = kXmlHead;
    s += "<w:styles ";
    s += kWordNs;
    s += "><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"" + escapeXml(style.latinFont)
        + "\" w:hAnsi=\"" + escapeXml(style.latinFont) + "\" w:cs=\"" + escapeXml(style.latinFont)
        + "\" w:eastAsia=\"" + escapeXml(style.cjkFont) + "\"/><w:sz w:val=\"" + size
        + "\"/><w:szCs w:val=\"" + size + "\"/><w:lang w:val=\"" + lang
        + "\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
        + "<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"480\" "
          "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>";
    // Normal: the manuscript's body paragraph.
    s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
         "w:val=\"Normal\"/><w:qFormat/><w:pPr>"
        + indent + "</w:pPr></w:style>";
    // The title page's contact and length lines: single-spaced, not indented.
    s += "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TitlePageInfo\"><w:name "
         "w:val=\"Title Page Info\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing "
         "w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"0\" "
         "w:firstLineChars=\"0\"/></w:pPr></w:style>";
    s += "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"TitlePageLength\"><w:name "
         "w:val=\"Title Page Length\"/><w:basedOn w:val=\"TitlePageInfo\"/><w:pPr><w:jc "
         "w:val=\"right\"/></w:pPr></w:style>";
    s += "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn "
         "w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing w:before=\""
        + std::to_string(kPageHeight / 2 - 2 * kInch)
        + "\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc "
          "w:val=\"center\"/></w:pPr></w:style>";
    s += "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Byline\"><w:name "
         "w:val=\"Byline\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:firstLine=\"0\" "
         "w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>";
    // A chapter heading: a new page, a third of the way down, centred.
    s += "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
         "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>"
         "<w:keepNext/><w:pageBreakBefore/><w:spacing w:before=\""
        + std::to_string(kChapterDrop)
        + "\" w:after=\"480\"/><w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc "
          "w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>";
    s += "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"SceneBreak\"><w:name "
         "w:val=\"Scene Break\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:firstLine=\"0\" "
         "w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>";
    s += "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>"
         "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/>"
         "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"right\"/></w:pPr>"
         "</w:style>";
    s += "</w:styles>";
    return s;
}

std::string documentXml(const std::vector<std::string> &lines)
{
    std::string d = kXmlHead;
    d += "<w:document ";
    d += kWordNs;
    d += "><w:body>";
    for (std::size_t i = 0; i < lines.size(); i += 2)
        d += paragraph(lines[i], lines[i + 1]);
    // One section: US Letter, 1-inch margins, the running header on every page but the
    // title page (w:titlePg with no first-page header).
    d += "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:pgSz w:w=\""
        + std::to_string(kPageWidth) + "\" w:h=\"" + std::to_string(kPageHeight)
        + "\"/><w:pgMar w:top=\"" + std::to_string(kInch) + "\" w:right=\"" + std::to_string(kInch)
        + "\" w:bottom=\"" + std::to_string(kInch) + "\" w:left=\"" + std::to_string(kInch)
        + "\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:titlePg/></w:sectPr>";
    d += "</w:body></w:document>";
    return d;
}

std::string headerXml(const ExportBook &book)
{
    const bool cjk = chineseBook(book);
    const std::string title = book.title.empty() ? std::string("Untitled") : book.title;
    std::string h = kXmlHead;
    h += "<w:hdr ";
    h += kWordNs;
    h += "><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t xml:space=\"preserve\">";
    h += escapeXml(surnameOf(book.author, cjk) + " / " + headerTitle(title, cjk) + " / ");
    h += "</w:t></w:r><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>";
    h += "</w:p></w:hdr>";
    return h;
}

std::string isoNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::size_t bookLength(const ExportBook &book)
{
    std::size_t length = 0;
    for (const ExportChapter &chapter : book.chapters)
        length += countText(chapter.body).length();
    return length;
}

} // namespace

std::vector<std::string> manuscriptParagraphs(std::string_view body)
{
    std::vector<std::string> out;
    while (!body.empty()) {
        const std::size_t end = body.find('\n');
        const std::string line = trimmed(body.substr(0, end));
        body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
        if (line.empty())
            continue;
        out.push_back(isSceneBreak(line) ? std::string("#") : line);
    }
    return out;
}

std::string manuscriptLengthLine(const ExportBook &book)
{
    const std::size_t length = bookLength(book);
    std::size_t rounded = length;
    if (length >= 10000)
        rounded = (length + 500) / 1000 * 1000;
    else if (length >= 100)
        rounded = (length + 50) / 100 * 100;
    if (chineseBook(book))
        return "约 " + withThousands(rounded) + " 字";
    return "about " + withThousands(rounded) + (rounded == 1 ? " word" : " words");
}

Result<std::string> buildDocx(const ExportBook &book, const ManuscriptStyle &style)
{
    const bool cjk = chineseBook(book);
    const std::string title = book.title.empty() ? std::string("Untitled") : book.title;
    const std::string author = trimmed(book.author);

    // (style, text) pairs, in order.
    std::vector<std::string> lines;
    const auto add = [&](std::string_view s, std::string text) {
        lines.emplace_back(s);
        lines.push_back(std::move(text));
    };
    add("TitlePageInfo", author.empty() ? (cjk ? "作者" : "Author") : author);
    add("TitlePageLength", manuscriptLengthLine(book));
    add("Title", title);
    if (!author.empty())
        add("Byline", (cjk ? "作者：" : "by ") + author);
    for (std::size_t i = 0; i < book.chapters.size(); ++i) {
        const ExportChapter &chapter = book.chapters[i];
        add("Heading1",
            chapter.title.empty() ? untitledChapterHeading(i + 1, book.language)
                                  : trimmed(chapter.title));
        for (std::string &p : manuscriptParagraphs(chapter.body))
            add(p == "#" ? "SceneBreak" : "Normal", std::move(p));
    }

    const std::size_t length = bookLength(book);
    std::string core = kXmlHead;
    core
        += R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" )"
           R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" )"
           R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)";
    core += "<dc:title>" + escapeXml(title) + "</dc:title>";
    if (!author.empty())
        core += "<dc:creator>" + escapeXml(author) + "</dc:creator>";
    core += "<dc:language>" + escapeXml(epubLanguage(book.language)) + "</dc:language>";
    core += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + isoNow() + "</dcterms:created>";
    core += "</cp:coreProperties>";

    std::string app = kXmlHead;
    app += R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">)";
    app += "<Application>Scriptorium</Application>";
    app += (cjk ? "<Characters>" : "<Words>") + std::to_string(length)
        + (cjk ? "</Characters>" : "</Words>");
    app += "</Properties>";

    const std::string contentTypes = std::string(kXmlHead)
        + R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
          R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
          R"(<Default Extension="xml" ContentType="application/xml"/>)"
          R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
          R"(<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>)"
          R"(<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>)"
          R"(<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>)"
          R"(<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>)"
          R"(<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>)"
          R"(</Types>)";
    const std::string rootRels = std::string(kXmlHead)
        + R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
          R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
          R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
          R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>)"
          R"(</Relationships>)";
    const std::string documentRels = std::string(kXmlHead)
        + R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
          R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
          R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>)"
          R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>)"
          R"(</Relationships>)";
    std::string settings = kXmlHead;
    settings += "<w:settings ";
    settings += kWordNs;
    settings
        += R"(><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>)"
           R"(<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>)"
           R"(</w:settings>)";

    return buildZipArchive({
        {"[Content_Types].xml", contentTypes},
        {"_rels/.rels", rootRels},
        {"word/document.xml", documentXml(lines)},
        {"word/_rels/document.xml.rels", documentRels},
        {"word/styles.xml", styles(book, style)},
        {"word/settings.xml", settings},
        {"word/header1.xml", headerXml(book)},
        {"docProps/core.xml", core},
        {"docProps/app.xml", app},
    });
}

} // namespace scriptorium::novel
