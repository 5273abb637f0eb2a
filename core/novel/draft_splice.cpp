#include "novel/draft_splice.h"

#include "novel/length_unit.h"
#include "util/utf8.h"

#include <algorithm>

namespace scriptorium::novel {

namespace {

// Unicode white space (what Qt's QChar::isSpace() accepts, so the GUI trims as before).
bool isSpace(char32_t cp)
{
    return cp == U' ' || (cp >= U'\t' && cp <= U'\r') || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
        || cp == 0x205F || cp == 0x3000;
}

std::size_t lastCodePointStart(std::string_view text)
{
    std::size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
        --start;
    return start;
}

bool startsWithSpace(std::string_view text)
{
    return !text.empty() && isSpace(utf8::decode(text).codePoint);
}

bool endsWithSpace(std::string_view text)
{
    return !text.empty() && isSpace(utf8::decode(text.substr(lastCodePointStart(text))).codePoint);
}

std::string_view trimmed(std::string_view text)
{
    while (startsWithSpace(text))
        text.remove_prefix(utf8::decode(text).length);
    while (endsWithSpace(text))
        text.remove_suffix(text.size() - lastCodePointStart(text));
    return text;
}

// The occurrence of `passage` in `text` nearest to `offset` (the earlier one on a tie).
std::size_t nearestOccurrence(std::string_view text, std::string_view passage, std::size_t offset)
{
    std::size_t best = std::string_view::npos;
    std::size_t bestDistance = std::string_view::npos;
    for (std::size_t at = text.find(passage); at != std::string_view::npos;
         at = text.find(passage, at + 1)) {
        const std::size_t distance = at > offset ? at - offset : offset - at;
        if (distance < bestDistance) {
            best = at;
            bestDistance = distance;
        }
        if (at > offset)
            break; // later occurrences are only farther away
    }
    return best;
}

Result<std::string> insertDraft(std::string_view current, std::string_view draft,
                                const DraftSplice &splice)
{
    std::size_t at = 0;
    if (!splice.passage.empty()) {
        at = splice.passageOffset;
        if (current.substr(std::min(at, current.size()), splice.passage.size()) != splice.passage)
            at = nearestOccurrence(current, splice.passage, splice.passageOffset);
        if (at == std::string_view::npos)
            return fail(ErrorCode::Conflict, "The text before the cursor was changed meanwhile.",
                        "copy the draft into the chapter by hand");
        at += splice.passage.size();
    }
    const std::string_view before = current.substr(0, at);
    const std::string_view after = current.substr(at);
    std::string body;
    body.reserve(current.size() + draft.size() + 2);
    body.append(before);
    if (!before.empty() && before.back() != '\n')
        body += '\n';
    body.append(trimmed(draft));
    if (!after.empty() && after.front() != '\n')
        body += '\n';
    body.append(after);
    return body;
}

} // namespace

Result<std::string> spliceDraft(std::string_view current, std::string_view draft,
                                const DraftSplice &splice)
{
    switch (splice.placement) {
    case DraftPlacement::ReplaceBody:
        return std::string(draft);
    case DraftPlacement::Append: {
        std::string body(current);
        if (!body.empty() && !draft.empty() && !endsWithSpace(body) && !startsWithSpace(draft)
            && lengthUnitFor(splice.language) == LengthUnit::Words)
            body += ' ';
        body += draft;
        return body;
    }
    case DraftPlacement::ReplacePassage:
        break;
    case DraftPlacement::Insert:
        return insertDraft(current, draft, splice);
    }

    if (splice.passage.empty())
        return fail(ErrorCode::InvalidArgument, "No passage was selected for the draft.",
                    "select the passage to rewrite or expand, then generate again");
    std::size_t at = splice.passageOffset;
    if (current.substr(std::min(at, current.size()), splice.passage.size()) != splice.passage)
        at = nearestOccurrence(current, splice.passage, splice.passageOffset);
    if (at == std::string_view::npos)
        return fail(ErrorCode::Conflict, "The selected passage was changed meanwhile.",
                    "copy the draft into the chapter by hand");
    std::string body;
    const std::string_view replacement = trimmed(draft);
    body.reserve(current.size() - splice.passage.size() + replacement.size());
    body.append(current.substr(0, at));
    body.append(replacement);
    body.append(current.substr(at + splice.passage.size()));
    return body;
}

} // namespace scriptorium::novel
