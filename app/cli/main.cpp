// scriptorium-cli: the headless face of the same core the GUI uses. Each command lives in its
// own *_command.cpp and registers itself below; this file only parses and dispatches.
#include "ask_command.h"
#include "audit_command.h"
#include "bench_command.h"
#include "bench_quality_command.h"
#include "bench_routing_command.h"
#include "book_command.h"
#include "chapter_command.h"
#include "cli_context.h"
#include "complete_command.h"
#include "config_command.h"
#include "count_command.h"
#include "library_command.h"
#include "models_command.h"
#include "novel_command.h"
#include "quality_command.h"
#include "util/process_hardening.h"
#include "util/version.h"

#include <iostream>

#include <CLI/CLI.hpp>

int main(int argc, char **argv)
{
    using namespace scriptorium::cli;

    // Before anything reads the API key: a crash must not write it into a core file.
    if (auto hardened = scriptorium::disableCoreDumps(); !hardened)
        std::cerr << "scriptorium-cli: warning: " << hardened.error().message << '\n';

    CLI::App app{"Scriptorium: write novels with language models, routed fp8-first through "
                 "OpenRouter.",
                 "scriptorium-cli"};
    app.set_version_flag("--version", std::string("scriptorium-cli ") + scriptorium::kVersion);
    app.require_subcommand(1);
    app.fallthrough();

    GlobalOptions options;
    addGlobalOptions(app, options);

    int exitCode = kExitOk;
    addCountCommand(app, options, exitCode);
    addBookCommand(app, options, exitCode);
    addChapterCommand(app, options, exitCode);
    addLibraryCommands(app, options, exitCode);
    addCompleteCommand(app, options, exitCode);
    addConfigCommand(app, options, exitCode);
    addModelsCommand(app, options, exitCode);
    addNovelCommands(app, options, exitCode);
    addBenchCommand(app, options, exitCode);
    addBenchRoutingCommand(app, options, exitCode);
    addAuditCommand(app, options, exitCode);
    addAskCommand(app, options, exitCode);
    addQualityCommand(app, options, exitCode);
    addBenchQualityCommand(app, options, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        std::cerr << "scriptorium-cli: " << e.what()
                  << "; run 'scriptorium-cli --help' for usage\n";
        return kExitUsage;
    }
    return exitCode;
}
