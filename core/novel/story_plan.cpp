#include "novel/story_plan.h"

#include <algorithm>
#include <map>

namespace scriptorium::novel {

namespace {

using nlohmann::json;

json stringSchema()
{
    return {{"type", "string"}};
}

json stringList(int minItems, int maxItems)
{
    return {{"type", "array"},
            {"items", stringSchema()},
            {"minItems", minItems},
            {"maxItems", maxItems}};
}

/// A string field; models sometimes answer a list where a string was asked, so a list of
/// strings is joined rather than refused.
std::string text(const json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_array()) {
        std::string out;
        for (const json &part : *it)
            if (part.is_string())
                out += (out.empty() ? "" : " ") + part.get<std::string>();
        return out;
    }
    if (it->is_number())
        return it->dump();
    return {};
}

/// A list-of-strings field; a single string becomes a one-item list.
std::vector<std::string> list(const json &object, const char *key)
{
    std::vector<std::string> out;
    const auto it = object.find(key);
    if (it == object.end())
        return out;
    if (it->is_string()) {
        if (!it->get<std::string>().empty())
            out.push_back(it->get<std::string>());
        return out;
    }
    if (it->is_array())
        for (const json &item : *it)
            if (item.is_string() && !item.get<std::string>().empty())
                out.push_back(item.get<std::string>());
    return out;
}

/// The `beats` of an outline entry: objects {text, pov?, location?} or bare strings; a few
/// synonyms models use for the fields are accepted.
std::vector<BeatPlan> beatList(const json &object)
{
    std::vector<BeatPlan> out;
    const auto it = object.find("beats");
    if (it == object.end() || !it->is_array())
        return out;
    for (const json &item : *it) {
        BeatPlan beat;
        if (item.is_string()) {
            beat.text = item.get<std::string>();
        } else if (item.is_object()) {
            beat.text = text(item, "text");
            if (beat.text.empty())
                beat.text = text(item, "beat");
            if (beat.text.empty())
                beat.text = text(item, "description");
            beat.pov = text(item, "pov");
            if (beat.pov.empty())
                beat.pov = text(item, "point_of_view");
            beat.location = text(item, "location");
        }
        if (beat.text.find_first_not_of(" \t\r\n") != std::string::npos)
            out.push_back(std::move(beat));
    }
    return out;
}

std::string joinList(const std::vector<std::string> &items, std::string_view separator)
{
    std::string out;
    for (const std::string &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

} // namespace

json bibleSchema(int characterCount, int worldCount)
{
    json character = {{"type", "object"},
                      {"properties",
                       {{"name", stringSchema()},
                        {"role", stringSchema()},
                        {"description", stringSchema()},
                        {"initial_state", stringSchema()}}},
                      {"required", {"name", "role", "description", "initial_state"}}};
    json world = {{"type", "object"},
                  {"properties",
                   {{"kind", {{"type", "string"}, {"enum", {"place", "item", "lore"}}}},
                    {"name", stringSchema()},
                    {"description", stringSchema()}}},
                  {"required", {"kind", "name", "description"}}};
    return {{"type", "object"},
            {"properties",
             {{"core_idea", stringSchema()},
              {"characters",
               {{"type", "array"},
                {"items", character},
                {"minItems", characterCount},
                {"maxItems", characterCount}}},
              {"world",
               {{"type", "array"}, {"items", world}, {"minItems", 1}, {"maxItems", worldCount}}}}},
            {"required", {"core_idea", "characters", "world"}}};
}

json outlineSchema(int first, int last, const std::vector<std::string> &characterNames)
{
    json names = stringSchema();
    if (!characterNames.empty())
        names["enum"] = characterNames;
    json beat
        = {{"type", "object"},
           {"properties", {{"text", stringSchema()}, {"pov", names}, {"location", stringSchema()}}},
           {"required", {"text"}}};
    json chapter = {
        {"type", "object"},
        {"properties",
         {{"number", {{"type", "integer"}, {"minimum", first}, {"maximum", last}}},
          {"title", stringSchema()},
          {"purpose", stringSchema()},
          {"key_events", stringList(2, 4)},
          {"characters", {{"type", "array"}, {"items", names}, {"minItems", 1}, {"maxItems", 3}}},
          {"foreshadowing", stringList(0, 2)},
          {"summary", stringSchema()},
          {"beats", {{"type", "array"}, {"items", beat}, {"minItems", 2}, {"maxItems", 5}}}}},
        {"required",
         {"number", "title", "purpose", "key_events", "characters", "foreshadowing", "summary"}}};
    const int count = last - first + 1;
    return {{"type", "object"},
            {"properties",
             {{"chapters",
               {{"type", "array"}, {"items", chapter}, {"minItems", count}, {"maxItems", count}}}}},
            {"required", {"chapters"}}};
}

Result<StoryBible> parseBible(const json &document)
{
    if (!document.is_object())
        return fail(ErrorCode::Parse,
                    "The story bible reply is not a JSON object; the step will be retried.",
                    "not an object");
    StoryBible bible;
    bible.coreIdea = text(document, "core_idea");
    if (const auto it = document.find("characters"); it != document.end() && it->is_array()) {
        for (const json &c : *it) {
            if (!c.is_object())
                continue;
            CharacterSeed seed{text(c, "name"), text(c, "role"), text(c, "description"),
                               text(c, "initial_state")};
            if (!seed.name.empty())
                bible.characters.push_back(std::move(seed));
        }
    }
    if (const auto it = document.find("world"); it != document.end() && it->is_array()) {
        for (const json &w : *it) {
            if (!w.is_object())
                continue;
            WorldEntry entry{text(w, "kind"), text(w, "name"), text(w, "description")};
            if (entry.kind != "place" && entry.kind != "item")
                entry.kind = "lore";
            if (!entry.name.empty())
                bible.world.push_back(std::move(entry));
        }
    }
    if (bible.coreIdea.empty() || bible.characters.empty())
        return fail(ErrorCode::Parse,
                    "The story bible reply has no core idea or no characters; the step will be "
                    "retried.",
                    "incomplete bible");
    return bible;
}

Result<OutlineChunk> readOutlineChunk(const json &document, int first, int last)
{
    const json *chapters = nullptr;
    if (document.is_object() && document.contains("chapters") && document["chapters"].is_array())
        chapters = &document["chapters"];
    else if (document.is_array())
        chapters = &document;
    if (!chapters)
        return fail(ErrorCode::Parse,
                    "The outline reply has no \"chapters\" list; the step will be retried.",
                    "no chapters");
    OutlineChunk chunk;
    std::map<int, bool> seen;
    for (const json &c : *chapters) {
        if (!c.is_object())
            return fail(ErrorCode::Parse, "An outline entry is not a JSON object.", "bad entry");
        const auto number = c.find("number");
        if (number == c.end() || !number->is_number_integer())
            return fail(ErrorCode::Parse, "An outline entry has no chapter number.", "no number");
        ChapterPlan plan;
        plan.number = number->get<int>();
        plan.title = text(c, "title");
        plan.purpose = text(c, "purpose");
        plan.keyEvents = list(c, "key_events");
        plan.characters = list(c, "characters");
        plan.foreshadowing = list(c, "foreshadowing");
        plan.summary = text(c, "summary");
        plan.beats = beatList(c);
        if (plan.number < first || plan.number > last) {
            chunk.outside.push_back(plan.number);
            continue;
        }
        if (seen[plan.number]) {
            chunk.duplicates.push_back(plan.number);
            continue;
        }
        seen[plan.number] = true;
        chunk.plans.push_back(std::move(plan));
    }
    std::ranges::sort(chunk.plans, {}, &ChapterPlan::number);
    chunk.missing = missingChapters(chunk.plans, first, last);
    return chunk;
}

Result<std::vector<ChapterPlan>> parseOutlineChunk(const json &document, int first, int last)
{
    auto chunk = readOutlineChunk(document, first, last);
    if (!chunk)
        return fail(chunk.error());
    if (!chunk->missing.empty() || !chunk->outside.empty() || !chunk->duplicates.empty()) {
        std::string detail;
        if (!chunk->missing.empty())
            detail += "missing: " + describeNumbers(chunk->missing);
        if (!chunk->duplicates.empty())
            detail += (detail.empty() ? "" : "; ") + std::string("duplicated: ")
                + describeNumbers(chunk->duplicates);
        if (!chunk->outside.empty())
            detail += (detail.empty() ? "" : "; ") + std::string("outside the range: ")
                + describeNumbers(chunk->outside);
        return fail(ErrorCode::Conflict,
                    "The outline for chapters " + std::to_string(first) + "–" + std::to_string(last)
                        + " skips or repeats chapters (" + detail
                        + "); the missing chapters will be asked for again.",
                    detail);
    }
    return std::move(chunk->plans);
}

std::vector<int> missingChapters(const std::vector<ChapterPlan> &plans, int first, int last)
{
    std::vector<int> missing;
    for (int n = first; n <= last; ++n)
        if (std::ranges::find(plans, n, &ChapterPlan::number) == plans.end())
            missing.push_back(n);
    return missing;
}

std::string describeNumbers(const std::vector<int> &numbers)
{
    std::vector<int> sorted = numbers;
    std::ranges::sort(sorted);
    std::string out;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1)
            ++j;
        if (!out.empty())
            out += ", ";
        out += std::to_string(sorted[i]);
        if (j > i)
            out += "-" + std::to_string(sorted[j]);
        i = j + 1;
    }
    return out;
}

std::vector<std::pair<int, int>> chunkRanges(int from, int to, int chunkSize)
{
    std::vector<std::pair<int, int>> out;
    const int step = std::max(1, chunkSize);
    for (int first = from; first <= to; first += step)
        out.emplace_back(first, std::min(to, first + step - 1));
    return out;
}

std::string formatChapterPlan(const ChapterPlan &plan, std::string_view language)
{
    const bool zh = language == "zh";
    std::string out;
    auto line = [&](std::string_view en, std::string_view cn, const std::string &value) {
        if (value.empty())
            return;
        out += std::string(zh ? cn : en) + value + "\n";
    };
    line("Purpose: ", "作用：", plan.purpose);
    line("Key events: ", "关键事件：", joinList(plan.keyEvents, zh ? "；" : "; "));
    line("Characters: ", "出场人物：", joinList(plan.characters, zh ? "、" : ", "));
    line("Foreshadowing: ", "伏笔：", joinList(plan.foreshadowing, zh ? "；" : "; "));
    line("Summary: ", "概要：", plan.summary);
    if (!out.empty())
        out.pop_back();
    return out;
}

std::string formatCharacter(const CharacterSeed &character, std::string_view language)
{
    const bool zh = language == "zh";
    std::string out;
    if (!character.role.empty())
        out += std::string(zh ? "身份：" : "Role: ") + character.role + "\n";
    if (!character.description.empty())
        out += character.description + "\n";
    if (!character.initialState.empty())
        out += std::string(zh ? "初始状态：" : "At the start: ") + character.initialState + "\n";
    if (!out.empty())
        out.pop_back();
    return out;
}

std::string templateLanguage(std::string_view bookLanguage)
{
    return bookLanguage.starts_with("zh") ? "zh" : "en";
}

} // namespace scriptorium::novel
