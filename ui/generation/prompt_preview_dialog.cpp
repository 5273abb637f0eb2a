#include "ui/generation/prompt_preview_dialog.h"

#include "util/token_estimate.h"

#include <algorithm>

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/generation/generation_bridge.h"

namespace scriptorium::ui {

namespace {

QString blockTitle(novel::BlockKind kind)
{
    switch (kind) {
    case novel::BlockKind::StyleGuide:
        return PromptPreviewDialog::tr("Style guide");
    case novel::BlockKind::GlobalSummary:
        return PromptPreviewDialog::tr("Story so far");
    case novel::BlockKind::CharacterStates:
        return PromptPreviewDialog::tr("Character states");
    case novel::BlockKind::BibleEntries:
        return PromptPreviewDialog::tr("Story bible entries");
    case novel::BlockKind::RecentSummaries:
        return PromptPreviewDialog::tr("Recent chapter summaries");
    case novel::BlockKind::PreviousEnding:
        return PromptPreviewDialog::tr("End of the previous chapter");
    case novel::BlockKind::ChapterOutline:
        return PromptPreviewDialog::tr("Chapter outline");
    case novel::BlockKind::Beats:
        return PromptPreviewDialog::tr("Scene beats");
    case novel::BlockKind::NextOutline:
        return PromptPreviewDialog::tr("Next chapter outline");
    case novel::BlockKind::TargetLength:
        return PromptPreviewDialog::tr("Target length");
    }
    return {};
}

} // namespace

double estimateCost(std::size_t promptTokens, int maxTokens, const ModelPrice &price)
{
    return static_cast<double>(promptTokens) * price.prompt
        + static_cast<double>(std::max(maxTokens, 0)) * price.completion;
}

PromptPreviewDialog::PromptPreviewDialog(GenerationJob job, std::optional<ModelPrice> price,
                                         QWidget *parent)
    : QDialog(parent)
    , m_job(std::move(job))
{
    setObjectName(QStringLiteral("promptPreviewDialog"));
    setWindowTitle(tr("Prompt Preview"));
    if (price) {
        m_promptPrice = price->prompt;
        m_completionPrice = price->completion;
    }
    auto *layout = new QVBoxLayout(this);

    m_blocks = new QTableWidget(static_cast<int>(m_job.blocks.size()), 3, this);
    m_blocks->setObjectName(QStringLiteral("promptBlocks"));
    m_blocks->setHorizontalHeaderLabels({tr("Block"), tr("Tokens"), tr("Before trimming")});
    m_blocks->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_blocks->verticalHeader()->hide();
    m_blocks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < static_cast<int>(m_job.blocks.size()); ++row) {
        const auto &block = m_job.blocks[static_cast<std::size_t>(row)];
        QString title = blockTitle(block.kind);
        if (block.dropped)
            title = tr("%1 (dropped to fit)").arg(title);
        m_blocks->setItem(row, 0, new QTableWidgetItem(title));
        m_blocks->setItem(row, 1, new QTableWidgetItem(QString::number(block.tokens)));
        m_blocks->setItem(row, 2, new QTableWidgetItem(QString::number(block.originalTokens)));
    }

    m_system = new QPlainTextEdit(QString::fromStdString(m_job.system), this);
    m_system->setObjectName(QStringLiteral("promptSystem"));
    m_user = new QPlainTextEdit(QString::fromStdString(m_job.user), this);
    m_user->setObjectName(QStringLiteral("promptUser"));
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_blocks);
    auto *systemBox = new QWidget(splitter);
    auto *systemLayout = new QVBoxLayout(systemBox);
    systemLayout->setContentsMargins(0, 0, 0, 0);
    systemLayout->addWidget(new QLabel(tr("System prompt (editable):"), systemBox));
    systemLayout->addWidget(m_system);
    auto *userBox = new QWidget(splitter);
    auto *userLayout = new QVBoxLayout(userBox);
    userLayout->setContentsMargins(0, 0, 0, 0);
    userLayout->addWidget(new QLabel(tr("User prompt (editable):"), userBox));
    userLayout->addWidget(m_user);
    splitter->addWidget(systemBox);
    splitter->addWidget(userBox);
    layout->addWidget(splitter, 1);

    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("promptTotal"));
    m_total->setWordWrap(true);
    layout->addWidget(m_total);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_system, &QPlainTextEdit::textChanged, this, &PromptPreviewDialog::recount);
    connect(m_user, &QPlainTextEdit::textChanged, this, &PromptPreviewDialog::recount);
    recount();
    resize(720, 640);
}

GenerationJob PromptPreviewDialog::job() const
{
    return m_job;
}

std::optional<double> PromptPreviewDialog::estimatedCost() const
{
    if (!m_promptPrice || !m_completionPrice)
        return std::nullopt;
    return estimateCost(m_job.promptTokens, m_job.maxTokens,
                        ModelPrice{*m_promptPrice, *m_completionPrice});
}

void PromptPreviewDialog::recount()
{
    m_job.system = m_system->toPlainText().toStdString();
    m_job.user = m_user->toPlainText().toStdString();
    m_job.promptTokens
        = estimateTokens(m_job.system) + estimateTokens(m_job.user) + estimateTokens(m_job.prefill);
    QString text = tr("About %1 prompt tokens, up to %2 completion tokens with %3.")
                       .arg(m_job.promptTokens)
                       .arg(m_job.maxTokens)
                       .arg(m_job.model);
    if (const auto cost = estimatedCost())
        text += QLatin1Char(' ') + tr("Estimated cost at most $%1.").arg(*cost, 0, 'f', 4);
    else
        text += QLatin1Char(' ')
            + tr("The price of this model is unknown (the model list is not loaded).");
    m_total->setText(text);
}

} // namespace scriptorium::ui
