#pragma once

#include "ui/generation/generation_job.h"

#include <QDialog>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace scriptorium::ui {

struct ModelPrice;

/// Shows the prompt of a job before it is sent: one row per block with its token count (and
/// the count before trimming), the system and user text (editable), the estimated prompt
/// tokens and, when the model's price is known, the estimated cost of prompt + max tokens.
/// GUI thread; modal or not, as the caller opens it.
class PromptPreviewDialog : public QDialog {
    Q_OBJECT

public:
    PromptPreviewDialog(GenerationJob job, std::optional<ModelPrice> price,
                        QWidget *parent = nullptr);

    /// The job with the edited system and user text and the recounted prompt tokens.
    GenerationJob job() const;
    /// The estimated cost in USD, or nullopt when the price is unknown.
    std::optional<double> estimatedCost() const;
    QPlainTextEdit *userEdit() const { return m_user; }

private:
    void recount();

    GenerationJob m_job;
    std::optional<double> m_promptPrice;
    std::optional<double> m_completionPrice;
    QTableWidget *m_blocks = nullptr;
    QPlainTextEdit *m_system = nullptr;
    QPlainTextEdit *m_user = nullptr;
    QLabel *m_total = nullptr;
};

/// The estimated cost of `promptTokens` + `maxTokens` at `price`.
double estimateCost(std::size_t promptTokens, int maxTokens, const ModelPrice &price);

} // namespace scriptorium::ui
