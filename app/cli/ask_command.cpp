#include "ask_command.h"

#include "audit_command.h"
#include "cli_context.h"
#include "novel/manuscript_question.h"
#include "novel/shared_database.h"
#include "novel_display.h"
#include "novel_runtime.h"

#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace scriptorium::cli {

namespace {

struct AskArgs {
    std::string book;
    std::string question;
    std::string model;
    bool forecastOnly = false;
    bool yes = false;
};

nlohmann::json citationJson(const novel::AskCitation &c)
{
    nlohmann::json out = {{"chapter", c.position},
                          {"chapter_id", c.chapterId},
                          {"quote", c.quote},
                          {"located", c.located}};
    if (c.located)
        out["range"] = {c.begin, c.end};
    return out;
}

int runAsk(const GlobalOptions &options, const AskArgs &args)
{
    auto run = startBookRun(options, args.book, args.model, std::nullopt);
    if (!run)
        return reportError(options, run.error());
    novel::SharedDatabase &db = run->runtime.library->shared();
    auto context = novel::retrieveForQuestion(db, run->bookId, args.question);
    if (!context)
        return reportError(options, context.error());
    novel::PipelineContext pipeline = run->runtime.pipeline->context(novel::PipelineOptions{});
    auto prompt = novel::buildAskPrompt(*context, pipeline.prompts);
    if (!prompt)
        return reportError(options, prompt.error());
    const novel::AskForecast forecast
        = novel::forecastAsk(*prompt, run->runtime.pipeline->catalogBasis(0));

    nlohmann::json passages = nlohmann::json::array();
    for (const novel::AskPassage &p : context->passages)
        passages.push_back({{"chapter", p.position}, {"terms", p.score}});
    nlohmann::json out = {{"book_id", run->bookId},
                          {"terms", context->terms},
                          {"passages", passages},
                          {"price_usd",
                           {{"low", forecast.costUsd.low},
                            {"expected", forecast.costUsd.expected},
                            {"high", forecast.costUsd.high}}}};
    if (!options.json) {
        std::cout << "Looked for: ";
        for (std::size_t i = 0; i < context->terms.size(); ++i)
            std::cout << (i ? ", " : "") << context->terms[i];
        std::cout << "\nPassages from " << context->passages.size()
                  << (context->passages.size() == 1 ? " chapter" : " chapters");
        for (const novel::AskPassage &p : context->passages)
            std::cout << ' ' << p.position;
        std::cout << "\nPrice about " << formatUsd(forecast.costUsd.expected) << " ("
                  << formatUsd(forecast.costUsd.low) << " – " << formatUsd(forecast.costUsd.high)
                  << ")\n";
    }
    if (context->passages.empty()) {
        // Nothing in the book names the terms: asking would pay for "I don't know".
        if (options.json)
            std::cout << out.dump() << '\n';
        else
            std::cout << "No chapter mentions these; rephrase the question with a name or a "
                         "thing from the book. Nothing was sent.\n";
        return kExitOk;
    }
    if (const auto stop
        = passPaidGate(options, out, forecast.costUsd.expected,
                       PaidGate{args.forecastOnly, args.yes, "Ask",
                                "asking is paid and nothing was sent", "Not asked"}))
        return *stop;
    auto answer = novel::askManuscript(pipeline, run->bookId, *prompt);
    if (!answer)
        return reportError(options, answer.error());
    out["answer"] = answer->answer;
    out["citations"] = nlohmann::json::array();
    for (const novel::AskCitation &c : answer->citations)
        out["citations"].push_back(citationJson(c));
    out["cost_usd"] = answer->costUsd;
    if (options.json) {
        std::cout << out.dump() << '\n';
        return kExitOk;
    }
    std::cout << '\n' << answer->answer << "\n";
    for (const novel::AskCitation &c : answer->citations)
        std::cout << "  chapter " << c.position << ": \"" << c.quote << "\""
                  << (c.located ? "" : "  (not found in the chapter's text)") << '\n';
    std::cout << formatUsd(answer->costUsd) << " spent.\n";
    return kExitOk;
}

} // namespace

void addAskCommand(CLI::App &app, const GlobalOptions &options, int &exitCode)
{
    auto args = std::make_shared<AskArgs>();
    CLI::App *cmd = app.add_subcommand(
        "ask",
        "Ask the manuscript (paid): an answer from the book's own text, citing chapters "
        "with quotes; the passages and the price are shown first");
    cmd->add_option("book", args->book, "Book id or title")->required();
    cmd->add_option("question", args->question, "The question, in quotes")->required();
    cmd->add_option("--model", args->model, "Model that answers (default: the config's)");
    cmd->add_flag("--forecast", args->forecastOnly, "Print the passages and the price and stop");
    cmd->add_flag("--yes", args->yes, "Ask without confirming the price");
    cmd->callback([&options, &exitCode, args] { exitCode = runAsk(options, *args); });
}

} // namespace scriptorium::cli
