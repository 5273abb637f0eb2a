#include "beat_command.h"

#include "cli_context.h"
#include "library_command.h"
#include "store/beat_store.h"
#include "store/chapter_store.h"
#include "store/database.h"

#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct BeatArgs {
    std::int64_t book = 0;
    int chapter = 0;
    int beat = 0; ///< 1-based number in the chapter
    int to = 0; ///< beat-move: the new number; beat-add: where (0: at the end)
    std::optional<std::string> text;
    std::optional<std::string> pov;
    std::optional<std::string> location;
};

/// The chapter's id and its beats, or the error to report.
struct Loaded {
    std::unique_ptr<store::Database> db;
    std::int64_t chapterId = 0;
    std::vector<store::Beat> beats;
};

Result<Loaded> load(const GlobalOptions &options, const BeatArgs &args)
{
    auto db = openLibrary(options);
    if (!db)
        return fail(db.error());
    auto chapter = store::ChapterStore(**db).getAt(args.book, args.chapter);
    if (!chapter)
        return fail(chapter.error());
    auto beats = store::BeatStore(**db).list(chapter->id);
    if (!beats)
        return fail(beats.error());
    return Loaded{std::move(*db), chapter->id, std::move(*beats)};
}

Result<store::Beat> beatAt(const Loaded &loaded, int number)
{
    if (number < 1 || number > static_cast<int>(loaded.beats.size()))
        return fail(ErrorCode::NotFound,
                    "the chapter has no beat " + std::to_string(number) + " (it has "
                        + std::to_string(loaded.beats.size())
                        + "): list them with 'scriptorium-cli chapter beats BOOK N'");
    return loaded.beats[static_cast<std::size_t>(number - 1)];
}

nlohmann::json beatJson(const store::Beat &b)
{
    return {{"id", b.id},
            {"number", b.position + 1},
            {"text", b.text},
            {"pov", b.pov},
            {"location", b.location}};
}

/// Prints `beats`, the chapter's beats as they are stored now (after a change, the new order).
int printBeats(const GlobalOptions &options, const BeatArgs &args,
               const std::vector<store::Beat> &beats)
{
    if (options.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const store::Beat &b : beats)
            rows.push_back(beatJson(b));
        std::cout << nlohmann::json{{"book", args.book}, {"chapter", args.chapter}, {"beats", rows}}
                         .dump()
                  << '\n';
        return kExitOk;
    }
    if (beats.empty())
        std::cout << "no beats yet: add one with 'scriptorium-cli chapter beat-add " << args.book
                  << ' ' << args.chapter << " TEXT'\n";
    for (const store::Beat &b : beats) {
        std::cout << b.position + 1 << ". " << b.text;
        if (!b.pov.empty())
            std::cout << "  [POV: " << b.pov << ']';
        if (!b.location.empty())
            std::cout << "  [at: " << b.location << ']';
        std::cout << '\n';
    }
    return kExitOk;
}

int runList(const GlobalOptions &options, const BeatArgs &args)
{
    auto loaded = load(options, args);
    if (!loaded)
        return reportError(options, loaded.error());
    return printBeats(options, args, loaded->beats);
}

/// Every beat command that changes the list: load the chapter, `change` it, print the result.
int changeBeats(const GlobalOptions &options, const BeatArgs &args,
                const std::function<Status(store::BeatStore &, const Loaded &)> &change)
{
    auto loaded = load(options, args);
    if (!loaded)
        return reportError(options, loaded.error());
    store::BeatStore beats(*loaded->db);
    if (auto s = change(beats, *loaded); !s)
        return reportError(options, s.error());
    auto now = beats.list(loaded->chapterId);
    if (!now)
        return reportError(options, now.error());
    return printBeats(options, args, *now);
}

int runAdd(const GlobalOptions &options, const BeatArgs &args)
{
    return changeBeats(options, args, [&](store::BeatStore &beats, const Loaded &loaded) -> Status {
        store::Beat beat{.chapterId = loaded.chapterId,
                         .text = args.text.value_or(""),
                         .pov = args.pov.value_or(""),
                         .location = args.location.value_or("")};
        auto id = beats.add(beat, args.to > 0 ? args.to - 1 : -1);
        return id ? Status{} : fail(id.error());
    });
}

int runEdit(const GlobalOptions &options, const BeatArgs &args)
{
    return changeBeats(options, args, [&](store::BeatStore &beats, const Loaded &loaded) -> Status {
        auto beat = beatAt(loaded, args.beat);
        if (!beat)
            return fail(beat.error());
        if (args.text)
            beat->text = *args.text;
        if (args.pov)
            beat->pov = *args.pov;
        if (args.location)
            beat->location = *args.location;
        return beats.update(*beat);
    });
}

int runMove(const GlobalOptions &options, const BeatArgs &args)
{
    return changeBeats(options, args, [&](store::BeatStore &beats, const Loaded &loaded) -> Status {
        auto beat = beatAt(loaded, args.beat);
        return beat ? beats.move(beat->id, args.to - 1) : fail(beat.error());
    });
}

int runRemove(const GlobalOptions &options, const BeatArgs &args)
{
    return changeBeats(options, args, [&](store::BeatStore &beats, const Loaded &loaded) -> Status {
        auto beat = beatAt(loaded, args.beat);
        return beat ? beats.remove(beat->id) : fail(beat.error());
    });
}

CLI::App *beatCommand(CLI::App &chapter, const char *name, const char *description, BeatArgs &args)
{
    CLI::App *cmd = chapter.add_subcommand(name, description);
    cmd->add_option("book", args.book, "Book id")->required();
    cmd->add_option("n", args.chapter, "Chapter number (1-based)")
        ->required()
        ->check(CLI::PositiveNumber);
    return cmd;
}

void addFields(CLI::App *cmd, BeatArgs &args)
{
    cmd->add_option("--pov", args.pov, "Point-of-view character");
    cmd->add_option("--location", args.location, "Where the beat happens");
}

} // namespace

void addBeatCommands(CLI::App &chapter, const GlobalOptions &options, int &exitCode)
{
    auto list = std::make_shared<BeatArgs>();
    beatCommand(chapter, "beats", "List a chapter's scene beats in order", *list)
        ->callback([&options, &exitCode, list] { exitCode = runList(options, *list); });

    auto add = std::make_shared<BeatArgs>();
    CLI::App *addCmd = beatCommand(chapter, "beat-add", "Add a scene beat to a chapter", *add);
    addCmd->add_option("text", add->text, "What happens in the scene")->required();
    addFields(addCmd, *add);
    addCmd->add_option("--at", add->to, "Its number in the list (default: at the end)")
        ->check(CLI::PositiveNumber);
    addCmd->callback([&options, &exitCode, add] { exitCode = runAdd(options, *add); });

    auto edit = std::make_shared<BeatArgs>();
    CLI::App *editCmd = beatCommand(chapter, "beat-edit",
                                    "Change a beat's text, POV or location ('' clears)", *edit);
    editCmd->add_option("beat", edit->beat, "Beat number (1-based)")->required();
    editCmd->add_option("--text", edit->text, "What happens in the scene");
    addFields(editCmd, *edit);
    editCmd->callback([&options, &exitCode, edit] { exitCode = runEdit(options, *edit); });

    auto move = std::make_shared<BeatArgs>();
    CLI::App *moveCmd = beatCommand(chapter, "beat-move", "Move a beat to another place", *move);
    moveCmd->add_option("beat", move->beat, "Beat number (1-based)")->required();
    moveCmd->add_option("to", move->to, "Its new number")->required();
    moveCmd->callback([&options, &exitCode, move] { exitCode = runMove(options, *move); });

    auto remove = std::make_shared<BeatArgs>();
    CLI::App *removeCmd = beatCommand(chapter, "beat-remove", "Remove a beat", *remove);
    removeCmd->add_option("beat", remove->beat, "Beat number (1-based)")->required();
    removeCmd->callback([&options, &exitCode, remove] { exitCode = runRemove(options, *remove); });
}

} // namespace scriptorium::cli
