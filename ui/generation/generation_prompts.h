#pragma once

#include "ui/generation/generation_job.h"
#include "util/result.h"

#include <QString>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::ui {

/// Builds the job for `mode` on chapter `chapterId` from the library (the same context and
/// draft prompt as the CLI's `chapter draft`, novel/chapter_pipeline.h; Rewrite and Expand
/// use the rewrite_user / expand_user templates) and the editor's `text` and selection
/// [selectionStart, selectionEnd). Templates the writer edited (PromptLibrary's override
/// directory) win over the shipped ones. Reads a few rows and templates on the calling
/// thread. Errors: NotFound (chapter), InvalidArgument (Continue on an empty chapter, Rewrite
/// or Expand without a selection), TooLarge (the prompt does not fit), Parse (an edited
/// template is malformed), the store's codes.
Result<GenerationJob> prepareGenerationJob(store::Database &db, std::int64_t chapterId,
                                           GenerationMode mode, const QString &text,
                                           int selectionStart, int selectionEnd,
                                           const QString &model, int maxTokens);

/// Builds the Beat job for beat `beatId` of chapter `chapterId`: the draft system prompt, and
/// the beat_user template (the chapter's outline and all its beats, the one to write, the
/// editor's text around `cursor` and a share of the chapter's target). The draft goes in at
/// `cursor` (a QString position in `text`). Reads a few rows and templates on the calling
/// thread. Errors: NotFound (chapter, or a beat not of this chapter), TooLarge, Parse, the
/// store's codes.
Result<GenerationJob> prepareBeatJob(store::Database &db, std::int64_t chapterId,
                                     std::int64_t beatId, const QString &text, int cursor,
                                     const QString &model, int maxTokens);

} // namespace scriptorium::ui
