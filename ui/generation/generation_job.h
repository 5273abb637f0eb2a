#pragma once

#include "novel/context_assembler.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace scriptorium::ui {

/// What a generation in the panel does with the chapter.
enum class GenerationMode {
    Draft, ///< a new body for the whole chapter from its outline
    Continue, ///< more text after the current body (sent as an assistant prefill)
    Rewrite, ///< a new version of the selected passage
    Expand, ///< a longer version of the selected passage
    Beat, ///< one scene beat of the chapter's outline, inserted at the cursor
};

/// Stage name stored with the generation record ("draft", "continue", "rewrite", "expand",
/// "beat").
const char *generationStage(GenerationMode mode);

/// One prepared generation: the prompt as it will be sent (the writer may edit system and
/// user in the preview), plus what Accept needs to put the result in place. A value type.
struct GenerationJob {
    GenerationMode mode = GenerationMode::Draft;
    std::int64_t bookId = 0;
    std::int64_t chapterId = 0;
    std::string language = "en";
    std::string system;
    std::string user;
    /// Continue: the body so far, sent as an assistant prefill; the reply continues it.
    std::string prefill;
    std::vector<novel::PromptBlock> blocks; ///< per-block token counts, for the preview
    std::size_t promptTokens = 0; ///< estimate of system + user
    int maxTokens = 1024;
    QString model;
    /// The chapter text when the job was prepared, and the selection it replaces (Rewrite,
    /// Expand), in QString positions; for Beat both are the cursor, where the scene goes.
    QString baseText;
    int selectionStart = 0;
    int selectionEnd = 0;
};

} // namespace scriptorium::ui
