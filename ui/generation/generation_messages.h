#pragma once

#include "routing/attempt_record.h"
#include "util/error.h"

#include <QString>

namespace scriptorium::ui {

/// What the writer reads when a generation failed: what went wrong and what to do, by error
/// class (never by the provider's raw text, which goes to the tooltip). Empty on success.
/// Classes whose advice is about the draft or the prompt read differently here; the others
/// are errorText()'s (ui/error_messages.h).
QString generationErrorMessage(const routing::GenerationResult &result);
QString generationErrorMessage(const Error &error);

/// The notice for a generation served below fp8, e.g. "OpenRouter has no fp8 provider for
/// this model; generated at bf16 by DeepInfra". Empty when it was not degraded.
QString degradedNotice(const routing::GenerationResult &result);

/// "fp8", or "bf16 (degraded)" when the precision is not fp8.
QString precisionLabel(const QString &quantization, bool degraded);

} // namespace scriptorium::ui
