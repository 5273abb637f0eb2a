#include "count_command.h"

#include "cli_context.h"
#include "util/text_stats.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct CountArgs {
    std::vector<std::string> files;
};

bool readAll(const std::string &path, std::string &out)
{
    if (path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = std::move(buffer).str();
    return !in.bad();
}

nlohmann::json toJson(const std::string &file, const TextStats &s)
{
    return {{"file", file},
            {"length", s.length()},
            {"unit", s.isMostlyCjk() ? "characters" : "words"},
            {"latin_words", s.latinWords},
            {"cjk_characters", s.cjkCharacters},
            {"characters", s.characters},
            {"invalid_utf8_sequences", s.invalidSequences}};
}

int runCount(const GlobalOptions &options, const CountArgs &args)
{
    TextStats total;
    nlohmann::json rows = nlohmann::json::array();
    for (const std::string &file : args.files) {
        std::string text;
        if (!readAll(file, text)) {
            return reportError(options,
                               Error{.code = ErrorCode::NotFound,
                                     .message = "cannot read '" + file
                                         + "': check the path and that you may read it",
                                     .detail = {}});
        }
        const TextStats s = countText(text);
        total.latinWords += s.latinWords;
        total.cjkCharacters += s.cjkCharacters;
        total.characters += s.characters;
        total.invalidSequences += s.invalidSequences;
        if (options.json) {
            rows.push_back(toJson(file, s));
            continue;
        }
        std::cout << s.length() << ' ' << (s.isMostlyCjk() ? "characters" : "words") << '\t' << file
                  << '\n';
        if (!s.isValidUtf8()) {
            std::cerr << "scriptorium-cli: warning: " << file << " has " << s.invalidSequences
                      << " invalid UTF-8 sequence(s), not counted; convert the file to UTF-8\n";
        }
    }
    if (options.json) {
        std::cout << nlohmann::json{{"files", rows}, {"total", toJson("", total)}}.dump() << '\n';
    } else if (args.files.size() > 1) {
        std::cout << total.length() << ' ' << (total.isMostlyCjk() ? "characters" : "words")
                  << "\ttotal\n";
    }
    return kExitOk;
}

} // namespace

void addCountCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<CountArgs>();
    CLI::App *cmd = app.add_subcommand(
        "count", "Count a manuscript's length: words, or characters for Chinese text");
    cmd->add_option("files", args->files, "Text or Markdown files ('-' for standard input)")
        ->required();
    cmd->callback([&options, &exitCode, args] { exitCode = runCount(options, *args); });
}

} // namespace scriptorium::cli
