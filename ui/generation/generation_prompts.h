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

} // namespace scriptorium::ui
