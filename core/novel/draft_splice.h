#pragma once

#include "util/result.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace scriptorium::novel {

/// Where an accepted draft goes in the chapter.
enum class DraftPlacement {
    ReplaceBody, ///< Draft: the draft becomes the whole body
    Append, ///< Continue: the draft follows the body
    ReplacePassage, ///< Rewrite, Expand: the draft takes the selected passage's place
    Insert, ///< a drafted beat: the draft goes in at the cursor, as its own paragraph(s)
};

/// What a generation was started on, for putting its draft in place. Offsets and texts are
/// UTF-8; a caller holding UTF-16 positions (Qt's) converts them before calling.
struct DraftSplice {
    DraftPlacement placement = DraftPlacement::ReplaceBody;
    /// The book's language: Append puts a space between body and draft when neither has one
    /// and the language is counted in words (novel/length_unit.h), i.e. separates words by
    /// spaces; Chinese and Japanese text is joined as is.
    std::string_view language;
    /// ReplacePassage: the selected passage as it was when the generation started …
    /// Insert: the text right before the cursor then (an anchor; empty at the very start) …
    std::string_view passage;
    /// … and its byte offset in the chapter text of that moment.
    std::size_t passageOffset = 0;
};

/// The chapter body once `draft` is put into `current` (the chapter text now, which the
/// writer may have edited while the draft was generated):
/// - ReplaceBody: `draft` as it is.
/// - Append: `current`, then `draft` (with a space between, see DraftSplice::language).
/// - ReplacePassage: `current` with the passage replaced by `draft` without its surrounding
///   white space. The passage is looked for where it was; when edits before it moved it, at
///   its nearest occurrence (the earlier one on a tie).
/// - Insert: `current` with `draft` (without its surrounding white space) put in right after
///   the anchor, found like a passage; a line break separates it from text before and after
///   it on the same line. An empty anchor inserts at the start.
/// Errors: Conflict when `current` no longer holds the passage or anchor (the writer changed it
/// meanwhile; the draft can still be copied by hand); InvalidArgument for an empty passage.
/// Pure and thread-safe.
Result<std::string> spliceDraft(std::string_view current, std::string_view draft,
                                const DraftSplice &splice);

} // namespace scriptorium::novel
