#pragma once

#include "novel/batch_forecast.h"
#include "novel/batch_scheduler.h"

#include <chrono>
#include <map>
#include <mutex>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace scriptorium::cli {

/// "1m05s", "42.0s".
std::string formatDuration(double seconds);

/// "$0.00069", "$1.2345".
std::string formatUsd(double usd);

nlohmann::json forecastJson(const novel::BatchForecast &forecast);
nlohmann::json reportJson(const novel::BatchReport &report);

/// The forecast as a few lines for people, with the saving of the stage policies' cost or
/// balanced objective against speed when there is one.
void printForecast(std::ostream &out, const novel::BatchForecast &forecast);

/// "  routing    saves $X (Y %) against speed, expected Z % slower (…)" and a line per stage
/// whose objective is cost or balanced: its endpoint and cost against speed's.
void printSaving(std::ostream &out, const novel::ObjectiveSaving &saving);

/// The closing summary: chapters, spend against the budget, why it stopped, and the table of
/// per-provider speed and cost.
void printBatchReport(std::ostream &out, const novel::BatchReport &report);

/// Live progress of a batch: one line per chapter phase change (and, on a terminal, a
/// status line with tokens/s and the spend so far redrawn at most 5 times a second); JSON
/// lines with --json. Thread-safe: the scheduler calls it from several threads.
class BatchProgressPrinter {
public:
    BatchProgressPrinter(std::ostream &out, bool json, bool terminal);
    novel::BatchObserver observer();

private:
    void onChapter(const novel::ChapterProgress &progress);
    void onNotice(const std::string &notice);

    std::ostream &m_out;
    bool m_json;
    bool m_terminal;
    std::mutex m_mutex;
    std::map<int, novel::ChapterPhase> m_phases;
    std::map<int, novel::ChapterProgress> m_latest;
    std::chrono::steady_clock::time_point m_lastDraw{};
};

} // namespace scriptorium::cli
