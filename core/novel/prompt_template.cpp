#include "novel/prompt_template.h"

#include "util/embedded_file.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

std::span<const scriptorium::EmbeddedFile> embeddedPromptTemplates();

namespace scriptorium::novel {

namespace {

struct Tag {
    std::size_t begin; // offset of "{{"
    std::size_t end; // offset after "}}"
    char kind; // '#', '/', or 0 for a value
    std::string_view name;
};

// Finds the next tag at or after `from`; returns false when there is none.
bool nextTag(std::string_view text, std::size_t from, Tag &tag)
{
    const std::size_t open = text.find("{{", from);
    if (open == std::string_view::npos)
        return false;
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos)
        return false;
    std::string_view inner = text.substr(open + 2, close - open - 2);
    char kind = 0;
    if (!inner.empty() && (inner.front() == '#' || inner.front() == '/')) {
        kind = inner.front();
        inner.remove_prefix(1);
    }
    tag = {open, close + 2, kind, inner};
    return true;
}

// A section tag alone on its line takes the line's newline with it.
std::size_t swallowLine(std::string_view text, const Tag &tag, std::size_t &begin)
{
    const bool startsLine = tag.begin == 0 || text[tag.begin - 1] == '\n';
    const bool endsLine = tag.end == text.size() || text[tag.end] == '\n';
    begin = tag.begin;
    if (startsLine && endsLine && tag.end < text.size())
        return tag.end + 1;
    return tag.end;
}

bool hasValue(const TemplateValues &values, std::string_view name)
{
    const auto it = values.find(name);
    return it != values.end() && !it->second.empty();
}

void renderRange(std::string_view text, const TemplateValues &values, std::string &out)
{
    std::size_t at = 0;
    Tag tag;
    while (nextTag(text, at, tag)) {
        out.append(text.substr(at, tag.begin - at));
        if (tag.kind == 0) {
            if (const auto it = values.find(tag.name); it != values.end())
                out.append(it->second);
            at = tag.end;
            continue;
        }
        // An opening section: find its matching close (sections of the same name don't nest).
        std::size_t ignored = 0;
        const std::size_t bodyBegin = swallowLine(text, tag, ignored);
        Tag close;
        std::size_t search = bodyBegin;
        while (nextTag(text, search, close) && !(close.kind == '/' && close.name == tag.name))
            search = close.end;
        std::size_t bodyEnd = 0;
        const std::size_t after = swallowLine(text, close, bodyEnd);
        if (hasValue(values, tag.name))
            renderRange(text.substr(bodyBegin, bodyEnd - bodyBegin), values, out);
        at = after;
    }
    out.append(text.substr(at));
}

std::size_t lineOf(std::string_view text, std::size_t offset)
{
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        line += text[i] == '\n' ? 1 : 0;
    return line;
}

std::string normalizedLanguage(std::string_view language)
{
    return language.starts_with("zh") ? "zh" : "en";
}

} // namespace

Result<PromptTemplate> PromptTemplate::parse(std::string_view text)
{
    std::vector<Tag> open;
    Tag tag;
    std::size_t at = 0;
    while (nextTag(text, at, tag)) {
        if (tag.name.empty())
            return fail(ErrorCode::Parse,
                        "empty placeholder {{}} on line "
                            + std::to_string(lineOf(text, tag.begin)));
        if (tag.kind == '#') {
            open.push_back(tag);
        } else if (tag.kind == '/') {
            if (open.empty() || open.back().name != tag.name) {
                return fail(ErrorCode::Parse,
                            "section end {{/" + std::string(tag.name) + "}} on line "
                                + std::to_string(lineOf(text, tag.begin))
                                + " does not match an open section");
            }
            open.pop_back();
        }
        at = tag.end;
    }
    if (!open.empty()) {
        return fail(ErrorCode::Parse,
                    "section {{#" + std::string(open.back().name) + "}} opened on line "
                        + std::to_string(lineOf(text, open.back().begin))
                        + " is never closed; add {{/" + std::string(open.back().name) + "}}");
    }
    PromptTemplate result;
    result.m_source = std::string(text);
    return result;
}

std::string PromptTemplate::render(const TemplateValues &values) const
{
    std::string out;
    out.reserve(m_source.size() * 2);
    renderRange(m_source, values, out);
    return out;
}

PromptLibrary::PromptLibrary(std::filesystem::path overrideDir)
    : m_overrideDir(std::move(overrideDir))
{
}

std::filesystem::path PromptLibrary::defaultOverrideDir()
{
    if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "scriptorium" / "prompts";
    const char *home = std::getenv("HOME");
    return std::filesystem::path(home ? home : ".") / ".config" / "scriptorium" / "prompts";
}

Result<std::string> PromptLibrary::shippedText(std::string_view language,
                                               std::string_view name) const
{
    const std::string path = normalizedLanguage(language) + "/" + std::string(name) + ".txt";
    if (const auto bytes = findEmbeddedFile(embeddedPromptTemplates(), path))
        return std::string(*bytes);
    return fail(ErrorCode::NotFound, "no prompt template named '" + std::string(name) + "'");
}

Result<PromptTemplate> PromptLibrary::load(std::string_view language, std::string_view name) const
{
    if (!m_overrideDir.empty()) {
        const auto file
            = m_overrideDir / normalizedLanguage(language) / (std::string(name) + ".txt");
        std::ifstream in(file, std::ios::binary);
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            auto parsed = PromptTemplate::parse(text.str());
            if (!parsed) {
                parsed.error().message
                    = "your edited template " + file.string() + ": " + parsed.error().message;
            }
            return parsed;
        }
    }
    auto text = shippedText(language, name);
    if (!text)
        return fail(text.error());
    return PromptTemplate::parse(*text);
}

Status PromptLibrary::saveOverride(std::string_view language, std::string_view name,
                                   std::string_view text) const
{
    if (auto parsed = PromptTemplate::parse(text); !parsed)
        return fail(parsed.error());
    const auto dir = m_overrideDir / normalizedLanguage(language);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto file = dir / (std::string(name) + ".txt");
    const auto temp = dir / (std::string(name) + ".txt.tmp");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            std::filesystem::remove(temp, ec);
            return fail(ErrorCode::Io,
                        "cannot write " + temp.string() + ": check free space and permissions");
        }
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return fail(ErrorCode::Io, "cannot replace " + file.string() + ": " + ec.message());
    }
    return {};
}

} // namespace scriptorium::novel
