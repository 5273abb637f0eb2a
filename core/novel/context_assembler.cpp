#include "novel/context_assembler.h"

#include "novel/length_unit.h"
#include "util/token_estimate.h"

#include <algorithm>
#include <array>
#include <functional>

namespace scriptorium::novel {

namespace {

constexpr std::array kOrder{BlockKind::StyleGuide,      BlockKind::GlobalSummary,
                            BlockKind::CharacterStates, BlockKind::BibleEntries,
                            BlockKind::RecentSummaries, BlockKind::PreviousEnding,
                            BlockKind::ChapterOutline,  BlockKind::Beats,
                            BlockKind::NextOutline,     BlockKind::TargetLength};

struct SelectedEntry {
    const BibleEntryText *entry;
    std::string text; // possibly cut
    bool namedInOutline;
};

bool mentions(std::string_view haystack, const BibleEntryText &entry)
{
    if (!entry.name.empty() && haystack.find(entry.name) != std::string_view::npos)
        return true;
    return std::any_of(entry.aliases.begin(), entry.aliases.end(), [&](const std::string &alias) {
        return !alias.empty() && haystack.find(alias) != std::string_view::npos;
    });
}

// The mutable state of one assembly; every shrink step edits it and re-renders.
class Assembly {
public:
    Assembly(const ChapterContext &context, const AssemblyBudget &budget,
             const PromptTemplate &system, const PromptTemplate &user)
        : m_budget(budget)
        , m_system(system)
        , m_user(user)
        , m_zh(context.language.starts_with("zh"))
    {
        m_values["style_guide"] = context.styleGuide;
        m_values["global_summary"] = context.globalSummary;
        m_values["character_states"] = context.characterStates;
        m_values["chapter_outline"] = context.chapterOutline;
        m_values["beats"] = formatBeats(context.beats, context.language);
        m_values["next_outline"] = context.nextChapterOutline;
        m_values["chapter_number"] = std::to_string(context.chapterNumber);
        m_values["chapter_title"] = context.chapterTitle;
        if (context.targetLength > 0) {
            m_values["target_length"] = lengthForPrompt(
                context.targetLength, lengthUnitFor(context.language), context.language);
        }
        m_values["previous_ending"] = truncateToTokens(context.previousChapterBody,
                                                       budget.previousEndingTokens, KeepEnd::Tail);

        const std::size_t keep = std::min(budget.recentChapters, context.recentSummaries.size());
        m_recent.assign(context.recentSummaries.end() - static_cast<std::ptrdiff_t>(keep),
                        context.recentSummaries.end());

        // Beats belong to this chapter's outline: names in them select entries like it does.
        const std::string outline = context.chapterOutline + "\n" + m_values["beats"];
        const std::string scope
            = outline + "\n" + context.nextChapterOutline + "\n" + m_values["previous_ending"];
        for (const BibleEntryText &entry : context.bible) {
            if (mentions(scope, entry))
                m_bible.push_back({&entry, entry.text, mentions(outline, entry)});
        }
        for (BlockKind kind : kOrder)
            m_original[static_cast<std::size_t>(kind)] = estimateTokens(blockText(kind));
    }

    std::size_t render()
    {
        m_values["recent_summaries"] = formatRecent();
        m_values["bible_entries"] = formatBible();
        m_systemText = m_system.render(m_values);
        m_userText = m_user.render(m_values);
        m_total = estimateTokens(m_systemText) + estimateTokens(m_userText);
        return m_total;
    }

    bool fits() const { return m_total <= m_budget.totalTokens; }
    std::size_t excess() const { return fits() ? 0 : m_total - m_budget.totalTokens; }

    // Cuts a plain value block by the current excess (a few rounds, since the estimate of a
    // cut text is not exactly linear).
    // Cutting all the way to nothing is reported as `dropStep`.
    void cut(const std::string &name, KeepEnd keep, std::size_t floor, const std::string &step,
             const std::string &dropStep = {})
    {
        for (int round = 0; round < 3 && !fits(); ++round) {
            std::string &value = m_values[name];
            const std::size_t tokens = estimateTokens(value);
            if (tokens <= floor)
                return;
            const std::size_t target = tokens > excess() + floor ? tokens - excess() : floor;
            value = truncateToTokens(value, target, keep);
            noteStep(value.empty() && !dropStep.empty() ? dropStep : step);
            render();
        }
    }

    void dropOldRecent()
    {
        while (!fits() && m_recent.size() > 1) {
            m_recent.erase(m_recent.begin());
            noteStep("dropped the oldest recent-chapter summary");
            render();
        }
    }

    void dropLastRecent()
    {
        if (!fits() && !m_recent.empty()) {
            m_recent.clear();
            noteStep("dropped the last recent-chapter summary");
            render();
        }
    }

    void shrinkBible()
    {
        if (fits())
            return;
        bool cutAny = false;
        for (SelectedEntry &e : m_bible) {
            if (estimateTokens(e.text) > m_budget.bibleEntryTokens) {
                e.text = truncateToTokens(e.text, m_budget.bibleEntryTokens, KeepEnd::Head);
                cutAny = true;
            }
        }
        if (cutAny) {
            noteStep("cut story bible entries");
            render();
        }
        if (fits())
            return;
        const auto before = m_bible.size();
        std::erase_if(m_bible, [](const SelectedEntry &e) { return !e.namedInOutline; });
        if (m_bible.size() != before) {
            noteStep("dropped story bible entries not named in this chapter's outline");
            render();
        }
    }

    AssembledPrompt result() const
    {
        AssembledPrompt out;
        out.system = m_systemText;
        out.user = m_userText;
        out.totalTokens = m_total;
        out.trimSteps = m_steps;
        for (BlockKind kind : kOrder) {
            PromptBlock block{kind, blockText(kind), 0, m_original[static_cast<std::size_t>(kind)],
                              false};
            block.tokens = estimateTokens(block.text);
            block.dropped = block.text.empty() && block.originalTokens > 0;
            out.blocks.push_back(std::move(block));
        }
        return out;
    }

private:
    std::string blockText(BlockKind kind) const
    {
        switch (kind) {
        case BlockKind::BibleEntries:
            return formatBible();
        case BlockKind::RecentSummaries:
            return formatRecent();
        default:
            return m_values.at(std::string(blockName(kind)));
        }
    }

    std::string formatRecent() const
    {
        std::string out;
        for (const auto &[number, summary] : m_recent) {
            if (!out.empty())
                out += '\n';
            out += m_zh ? "\u7b2c" + std::to_string(number) + "\u7ae0\uff1a" + summary
                        : "Chapter " + std::to_string(number) + ": " + summary;
        }
        return out;
    }

    std::string formatBible() const
    {
        std::string out;
        for (const SelectedEntry &e : m_bible) {
            if (!out.empty())
                out += '\n';
            out += "- " + e.entry->name;
            if (!e.entry->aliases.empty()) {
                out += " (";
                for (std::size_t i = 0; i < e.entry->aliases.size(); ++i)
                    out += (i ? ", " : "") + e.entry->aliases[i];
                out += ')';
            }
            out += (m_zh ? "\uff1a" : ": ") + e.text;
        }
        return out;
    }

    void noteStep(const std::string &step)
    {
        if (m_steps.empty() || m_steps.back() != step)
            m_steps.push_back(step);
    }

    const AssemblyBudget &m_budget;
    const PromptTemplate &m_system;
    const PromptTemplate &m_user;
    bool m_zh;
    TemplateValues m_values;
    std::vector<std::pair<int, std::string>> m_recent;
    std::vector<SelectedEntry> m_bible;
    std::array<std::size_t, kOrder.size()> m_original{};
    std::vector<std::string> m_steps;
    std::string m_systemText;
    std::string m_userText;
    std::size_t m_total = 0;
};

} // namespace

std::string formatBeats(const std::vector<BeatText> &beats, std::string_view language)
{
    const bool zh = language.starts_with("zh");
    std::string out;
    int number = 0;
    for (const BeatText &beat : beats) {
        if (beat.text.empty())
            continue;
        if (!out.empty())
            out += '\n';
        out += std::to_string(++number) + ". " + beat.text;
        std::string where;
        if (!beat.pov.empty())
            where += std::string(zh ? "视角：" : "POV: ") + beat.pov;
        if (!beat.location.empty())
            where += (where.empty() ? "" : (zh ? "；" : "; "))
                + std::string(zh ? "地点：" : "location: ") + beat.location;
        if (!where.empty())
            out += zh ? "（" + where + "）" : " (" + where + ")";
    }
    return out;
}

std::string_view blockName(BlockKind kind)
{
    switch (kind) {
    case BlockKind::StyleGuide:
        return "style_guide";
    case BlockKind::GlobalSummary:
        return "global_summary";
    case BlockKind::CharacterStates:
        return "character_states";
    case BlockKind::BibleEntries:
        return "bible_entries";
    case BlockKind::RecentSummaries:
        return "recent_summaries";
    case BlockKind::PreviousEnding:
        return "previous_ending";
    case BlockKind::ChapterOutline:
        return "chapter_outline";
    case BlockKind::Beats:
        return "beats";
    case BlockKind::NextOutline:
        return "next_outline";
    case BlockKind::TargetLength:
        return "target_length";
    }
    return "unknown";
}

Result<AssembledPrompt> assembleDraftPrompt(const ChapterContext &context,
                                            const AssemblyBudget &budget,
                                            const PromptLibrary &library)
{
    if (context.chapterOutline.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "chapter " + std::to_string(context.chapterNumber)
                        + " has no outline: write or generate one before drafting");
    }
    auto system = library.load(context.language, "draft_system");
    if (!system)
        return fail(system.error());
    auto user = library.load(context.language, "draft_user");
    if (!user)
        return fail(user.error());

    Assembly a(context, budget, *system, *user);
    a.render();
    a.dropOldRecent();
    a.shrinkBible();
    a.cut("next_outline", KeepEnd::Head, 0, "cut the next chapter's outline",
          "dropped the next chapter's outline");
    a.cut("global_summary", KeepEnd::Tail, 0, "kept only the end of the global summary",
          "dropped the global summary");
    a.cut("previous_ending", KeepEnd::Tail, budget.minPreviousEndingTokens,
          "shortened the previous chapter's ending");
    a.cut("character_states", KeepEnd::Head, 0, "cut the character states",
          "dropped the character states");
    a.cut("style_guide", KeepEnd::Head, 0, "cut the style guide", "dropped the style guide");
    a.dropLastRecent();
    if (!a.fits()) {
        return fail(ErrorCode::TooLarge,
                    "the prompt for chapter " + std::to_string(context.chapterNumber)
                        + " needs about " + std::to_string(a.result().totalTokens)
                        + " tokens even after trimming, over the budget of "
                        + std::to_string(budget.totalTokens)
                        + ": raise the context budget or shorten the chapter outline");
    }
    return a.result();
}

} // namespace scriptorium::novel
