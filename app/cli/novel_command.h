#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace scriptorium::cli {

struct GlobalOptions;

/// `outline`, `draft`, `finalize`, `generate` and `demo`: the novel pipeline (issue 6).
void addNovelCommands(CLI::App &app, const GlobalOptions &options, int &exitCode);

/// Arguments of `outline` (also used by `demo`).
struct OutlineArgs {
    std::string book;
    int chapters = 0;
    std::string premise;
    std::string genre;
    std::string language = "en";
    std::string style;
    int chapterLength = 0; ///< words (en) / characters (zh) per chapter; 0: the default
    std::string model;
};

/// Arguments of `generate` (also used by `demo`).
struct GenerateArgs {
    std::string book;
    std::string chapters; ///< "A-B" or "N"
    std::string mode = "sequential";
    int concurrency = 4;
    std::optional<double> budget;
    bool forecastOnly = false;
    bool resume = false;
    std::string model;
};

/// The commands' bodies; `apiKey` overrides $OPENROUTER_API_KEY (the demo's simulator key).
int runOutline(const GlobalOptions &options, const OutlineArgs &args, const std::string &apiKey);
int runGenerate(const GlobalOptions &options, const GenerateArgs &args, const std::string &apiKey);

/// `demo`: registered by addNovelCommands (novel_demo.cpp).
void addDemoCommand(CLI::App &app, const GlobalOptions &options, int &exitCode);

} // namespace scriptorium::cli
