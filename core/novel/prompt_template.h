#pragma once

#include "util/result.h"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace scriptorium::novel {

/// Values for a template's placeholders, by name.
using TemplateValues = std::map<std::string, std::string, std::less<>>;

/// A prompt template: plain text with `{{name}}` placeholders and `{{#name}}…{{/name}}`
/// sections that appear only when `name` has a non-empty value. Nothing else is special, so
/// writers can edit templates without learning a language. Lines holding only a section tag
/// vanish with their newline.
class PromptTemplate {
public:
    /// Parses `text`; an unclosed or mismatched section is ErrorCode::Parse naming the line.
    static Result<PromptTemplate> parse(std::string_view text);

    /// The text with every placeholder replaced (unknown names become empty).
    std::string render(const TemplateValues &values) const;

    const std::string &source() const { return m_source; }

private:
    std::string m_source;
};

/// The shipped templates (resources/prompts/<language>/<name>.txt, compiled in), overridable
/// per user: a file <overrideDir>/<language>/<name>.txt wins over the shipped one.
/// `language` is "en" or "zh"; any other value falls back to "en".
class PromptLibrary {
public:
    explicit PromptLibrary(std::filesystem::path overrideDir = {});

    /// The template `name` (e.g. "draft_system") for `language`; ErrorCode::NotFound when
    /// neither an override nor a shipped template exists, ErrorCode::Parse when it is malformed.
    Result<PromptTemplate> load(std::string_view language, std::string_view name) const;

    /// The shipped text of a template, ignoring overrides (for "reset to default").
    Result<std::string> shippedText(std::string_view language, std::string_view name) const;

    /// Writes an override atomically; ErrorCode::Parse when `text` is not a valid template.
    Status saveOverride(std::string_view language, std::string_view name,
                        std::string_view text) const;

    /// The default per-user override directory: $XDG_CONFIG_HOME/scriptorium/prompts.
    static std::filesystem::path defaultOverrideDir();

private:
    std::filesystem::path m_overrideDir;
};

} // namespace scriptorium::novel
