#include "novel_display.h"

#include <cstdio>

namespace scriptorium::cli {

namespace {

std::string money(double usd)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, usd < 0.01 ? "$%.5f" : "$%.4f", usd);
    return buffer;
}

std::string number(double value, int decimals = 0)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

nlohmann::json rangeJson(const novel::ForecastRange &r)
{
    return {{"low", r.low}, {"expected", r.expected}, {"high", r.high}};
}

std::string pad(std::string text, std::size_t width)
{
    if (text.size() < width)
        text.append(width - text.size(), ' ');
    return text;
}

} // namespace

std::string formatUsd(double usd)
{
    return money(usd);
}

std::string formatDuration(double seconds)
{
    if (seconds < 60)
        return number(seconds, 1) + "s";
    const auto total = static_cast<long>(seconds + 0.5);
    char buffer[32];
    if (total < 3600)
        std::snprintf(buffer, sizeof buffer, "%ldm%02lds", total / 60, total % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%ldh%02ldm", total / 3600, (total % 3600) / 60);
    return buffer;
}

nlohmann::json forecastJson(const novel::BatchForecast &f)
{
    nlohmann::json out = {{"type", "forecast"},
                          {"chapters", f.chapters},
                          {"basis", f.basis},
                          {"sample_chapters", f.sampleChapters},
                          {"calls", rangeJson(f.calls)},
                          {"prompt_tokens", rangeJson(f.promptTokens)},
                          {"completion_tokens", rangeJson(f.completionTokens)},
                          {"cost_usd", rangeJson(f.costUsd)},
                          {"wall_seconds", rangeJson(f.wallSeconds)}};
    if (f.saving) {
        const novel::ObjectiveSaving &s = *f.saving;
        nlohmann::json stages = nlohmann::json::array();
        for (const novel::ObjectiveOutlook &o : s.stages)
            stages.push_back({{"stage", o.stage},
                              {"objective", routing::objectiveName(o.objective)},
                              {"endpoint", o.endpoint},
                              {"speed_endpoint", o.speedEndpoint},
                              {"cost_usd", o.costUsd},
                              {"speed_cost_usd", o.speedCostUsd},
                              {"seconds", o.seconds},
                              {"speed_seconds", o.speedSeconds}});
        out["saving"] = {{"cost_usd", s.costUsd},
                         {"speed_cost_usd", s.speedCostUsd},
                         {"saved_usd", s.savedUsd()},
                         {"saved_share", s.savedShare()},
                         {"seconds", s.seconds},
                         {"speed_seconds", s.speedSeconds},
                         {"slower_share", s.slowerShare()},
                         {"stages", stages}};
    }
    return out;
}

nlohmann::json reportJson(const novel::BatchReport &r)
{
    nlohmann::json chapters = nlohmann::json::array();
    for (const novel::ChapterProgress &c : r.chapters) {
        nlohmann::json row = {{"position", c.position},
                              {"phase", novel::chapterPhaseName(c.phase)},
                              {"tokens", c.tokens},
                              {"cost_usd", c.costUsd},
                              {"continuations", c.continuations}};
        if (c.error)
            row["error"] = errorCodeName(*c.error);
        chapters.push_back(row);
    }
    nlohmann::json providers = nlohmann::json::array();
    for (const novel::ProviderSummary &p : r.providers)
        providers.push_back(
            {{"provider", p.provider},
             {"quantization", p.quantization},
             {"attempts", p.attempts},
             {"failures", p.failures},
             {"completion_tokens", p.completionTokens},
             {"cost_usd", p.costUsd},
             {"ttft_ms_mean", p.ttftMsMean ? nlohmann::json(*p.ttftMsMean) : nlohmann::json()},
             {"decode_tps_mean",
              p.decodeTpsMean ? nlohmann::json(*p.decodeTpsMean) : nlohmann::json()},
             {"e2e_tps_mean", p.e2eTpsMean ? nlohmann::json(*p.e2eTpsMean) : nlohmann::json()}});
    nlohmann::json out
        = {{"type", "batch"},
           {"batch_id", r.batchId},
           {"state", store::batchStateName(r.state)},
           {"done", r.done},
           {"failed", r.failed},
           {"remaining", r.remaining},
           {"spent_usd", r.spentUsd},
           {"budget_usd", r.budgetUsd ? nlohmann::json(*r.budgetUsd) : nlohmann::json()},
           {"wall_seconds", r.wallSeconds},
           {"scheduler_cpu_seconds", r.schedulerCpuSeconds},
           {"chapters", chapters},
           {"providers", providers}};
    if (r.stopReason)
        out["stop"]
            = {{"class", errorCodeName(r.stopReason->code)}, {"message", r.stopReason->message}};
    return out;
}

void printForecast(std::ostream &out, const novel::BatchForecast &f)
{
    out << "Forecast for " << f.chapters << " chapters ("
        << (f.basis == "history"
                ? "from this book's history of " + std::to_string(f.sampleChapters) + " chapters"
                : std::string("from catalog prices and measured provider speed"))
        << "):\n"
        << "  calls      " << number(f.calls.expected) << " (" << number(f.calls.low) << "–"
        << number(f.calls.high) << ")\n"
        << "  tokens     " << number(f.promptTokens.expected) << " in, "
        << number(f.completionTokens.expected) << " out (" << number(f.completionTokens.low) << "–"
        << number(f.completionTokens.high) << " out)\n"
        << "  cost       " << money(f.costUsd.expected) << " (" << money(f.costUsd.low) << "–"
        << money(f.costUsd.high) << ")\n"
        << "  wall time  " << formatDuration(f.wallSeconds.expected) << " ("
        << formatDuration(f.wallSeconds.low) << "–" << formatDuration(f.wallSeconds.high) << ")\n";
    if (f.saving)
        printSaving(out, *f.saving);
}

void printSaving(std::ostream &out, const novel::ObjectiveSaving &s)
{
    auto percent = [](double share) {
        return number(100 * share) + " %";
    };
    out << "  routing    saves " << money(s.savedUsd()) << " (" << percent(s.savedShare())
        << ") against speed, expected " << percent(s.slowerShare()) << " slower ("
        << money(s.costUsd) << " instead of " << money(s.speedCostUsd) << " at catalog prices)\n";
    for (const novel::ObjectiveOutlook &o : s.stages) {
        const double slower = o.speedSeconds > 0 ? o.seconds / o.speedSeconds - 1 : 0;
        out << "    " << pad(o.stage, 17) << routing::objectiveName(o.objective) << ": "
            << o.endpoint << " " << money(o.costUsd) << " instead of " << o.speedEndpoint << " "
            << money(o.speedCostUsd) << ", " << percent(slower) << " slower\n";
    }
}

void printBatchReport(std::ostream &out, const novel::BatchReport &r)
{
    out << "Batch " << r.batchId << ": " << store::batchStateName(r.state) << " — " << r.done
        << " done, " << r.failed << " failed, " << r.remaining << " left; spent "
        << money(r.spentUsd);
    if (r.budgetUsd)
        out << " of " << money(*r.budgetUsd);
    out << " in " << formatDuration(r.wallSeconds) << "\n";
    if (r.stopReason && r.state != store::BatchState::Done) {
        out << "Stopped: " << r.stopReason->message << "\n";
        if (r.stopReason->code == ErrorCode::Budget)
            out << "To go on, raise the cap: generate BOOK --resume --budget <USD>\n";
    }
    for (const novel::ChapterProgress &c : r.chapters)
        if (c.phase == novel::ChapterPhase::Failed)
            out << "  chapter " << c.position << " failed ("
                << (c.error ? errorCodeName(*c.error) : "?") << "): " << c.message << "\n";
    out << "\n"
        << pad("provider", 14) << pad("precision", 10) << pad("attempts", 9) << pad("failed", 7)
        << pad("tokens", 8) << pad("TTFT ms", 9) << pad("decode tok/s", 13) << pad("e2e tok/s", 10)
        << "cost\n";
    for (const novel::ProviderSummary &p : r.providers)
        out << pad(p.provider, 14) << pad(p.quantization.empty() ? "?" : p.quantization, 10)
            << pad(std::to_string(p.attempts), 9) << pad(std::to_string(p.failures), 7)
            << pad(std::to_string(p.completionTokens), 8)
            << pad(p.ttftMsMean ? number(*p.ttftMsMean) : "-", 9)
            << pad(p.decodeTpsMean ? number(*p.decodeTpsMean, 1) : "-", 13)
            << pad(p.e2eTpsMean ? number(*p.e2eTpsMean, 1) : "-", 10) << money(p.costUsd) << "\n";
}

BatchProgressPrinter::BatchProgressPrinter(std::ostream &out, bool json, bool terminal)
    : m_out(out)
    , m_json(json)
    , m_terminal(terminal && !json)
{
}

novel::BatchObserver BatchProgressPrinter::observer()
{
    novel::BatchObserver o;
    o.onChapter = [this](const novel::ChapterProgress &p) {
        onChapter(p);
    };
    o.onNotice = [this](const std::string &n) {
        onNotice(n);
    };
    return o;
}

void BatchProgressPrinter::onChapter(const novel::ChapterProgress &p)
{
    std::lock_guard lock(m_mutex);
    m_latest[p.position] = p;
    const auto it = m_phases.find(p.position);
    const bool changed = it == m_phases.end() || it->second != p.phase;
    m_phases[p.position] = p.phase;
    double spent = 0;
    for (const auto &[position, latest] : m_latest)
        spent += latest.costUsd;
    if (changed) {
        if (m_json) {
            m_out << nlohmann::json{{"type", "chapter"},
                                    {"position", p.position},
                                    {"phase", novel::chapterPhaseName(p.phase)},
                                    {"tokens", p.tokens},
                                    {"tokens_per_s", p.tokensPerSecond},
                                    {"cost_usd", p.costUsd},
                                    {"spent_usd", spent}}
                         .dump()
                  << '\n'
                  << std::flush;
            return;
        }
        m_out << (m_terminal ? "\r\033[K" : "") << "chapter " << p.position << ": "
              << novel::chapterPhaseName(p.phase);
        if (p.phase == novel::ChapterPhase::Done || p.phase == novel::ChapterPhase::Drafted)
            m_out << " — " << p.tokens << " tokens, " << number(p.tokensPerSecond, 1) << " tok/s, "
                  << money(p.costUsd)
                  << (p.continuations > 0 ? ", continued " + std::to_string(p.continuations) + "×"
                                          : std::string());
        if (p.phase == novel::ChapterPhase::Failed && p.error)
            m_out << " (" << errorCodeName(*p.error) << ")";
        m_out << " | spent so far " << money(spent) << '\n' << std::flush;
        return;
    }
    if (!m_terminal)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastDraw < std::chrono::milliseconds(200))
        return;
    m_lastDraw = now;
    std::string line;
    for (const auto &[position, latest] : m_latest)
        if (latest.phase == novel::ChapterPhase::Drafting
            || latest.phase == novel::ChapterPhase::Finalizing)
            line += "[" + std::to_string(position) + " "
                + std::string(novel::chapterPhaseName(latest.phase)) + " "
                + number(latest.tokensPerSecond, 0) + " tok/s] ";
    m_out << "\r\033[K" << line << "spent " << money(spent) << std::flush;
}

void BatchProgressPrinter::onNotice(const std::string &notice)
{
    std::lock_guard lock(m_mutex);
    if (m_json)
        m_out << nlohmann::json{{"type", "notice"}, {"message", notice}}.dump() << '\n';
    else
        m_out << (m_terminal ? "\r\033[K" : "") << notice << '\n';
    m_out << std::flush;
}

} // namespace scriptorium::cli
