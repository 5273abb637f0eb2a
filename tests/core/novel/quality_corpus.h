#pragma once

// Clean text and defect injectors for test_quality_checks: the corpus the false-positive
// rates of docs/quality.md are measured on, and the damage each check must find.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "novel/quality_checks.h"
#include "novel/quality_text.h"
#include "sim/text_bank.h"
#include "util/text_stats.h"
#include "util/utf8.h"

namespace scriptorium::novel::quality_test {

// Clean prose fixtures written for this test: the shapes real chapters have and a naive check
// trips on — dialogue tags, recurring names, short repeated replies, a scene break, a Latin
// name or brand inside Chinese, a closing quote after the full stop, an ellipsis or a dash at
// the end of a paragraph.
inline const std::vector<std::string> kEnglishFixture = {
    "The ferry from Harwick ran twice a week in summer and once a week when the weather turned, "
    "which was why Mara Quill arrived on Gull Rock with two crates, a borrowed coat and no idea "
    "when she would see the mainland again.",
    "\"You'll want to keep the stove going,\" Ezra said, setting the second crate on the jetty. "
    "\"The damp gets into everything. Books, bread, bones.\"",
    "\"I'll manage.\"",
    "\"Everyone says that.\" He looked up at the lighthouse, its white paint gone the colour of "
    "old "
    "teeth. \"Tobias said it too.\"",
    "She waited for him to say more, but he only coiled the rope, nodded once and stepped back "
    "into the boat. The engine coughed twice before it caught. Mara watched until the ferry was a "
    "grey smudge against a grey sea, and then she picked up the lighter crate and began to climb.",
    "The keeper's cottage had three rooms and a smell of paraffin. Somebody had left a cup on the "
    "table, a ring of dried tea at the bottom, as though Tobias had stepped out for a moment and "
    "meant to come back. She did not touch it. She unpacked her clothes, lit the stove, and went "
    "up the spiral stair to the lamp room, counting the steps because her mother had taught her "
    "to count things when she was nervous. One hundred and twelve.",
    "The lens was clean. The brass was polished. The logbook lay open on the desk, and the last "
    "entry was written in a small, careful hand: Wind north-east, rising. Glass falling. The "
    "Marguerite due on the fourteenth. God help her.",
    "\"Certainly not a man who expected to leave,\" Mara said aloud, and the sound of her own "
    "voice in the round room made her flush.",
    "* * *",
    "That night the wind came round to the north-east, exactly as the ledger said it would. Mara "
    "lay awake listening to the shutters knock, and each time they knocked she thought of the "
    "cup on the table, and each time she told herself it was only a cup.",
    "At two she gave up on sleep and climbed the stair again. The lamp turned. The beam swept the "
    "water, and for a moment, far out past the reef, she thought she saw a light answer it.",
    "\"Hello?\" she said, though there was no one to hear. \"Hello?\"",
    "Nothing answered. The sea went on breathing against the rock, slow and patient, the way it "
    "had breathed for a thousand years before anyone thought to build a tower on it. She stood "
    "there until her hands were cold, and then she went down, and made tea, and did not drink it.",
    "In the morning she found the second ledger. It was under a loose board beneath the desk, "
    "wrapped in oilcloth and tied with fishing line, and the first page bore a date that had "
    "not happened yet.",
    "\"Note the date,\" Tobias had written underneath, as if he had known who would read it. "
    "\"Then decide whether you believe me.\"",
    "Mara read it three times. Then she closed the book, put it back under the board, and went "
    "outside to look at the sky, which was clear and pale and gave nothing away…",
};

inline const std::vector<std::string> kChineseFixture = {
    "渡船每周只从哈维克开来两趟，天气一坏就只剩一趟。所以林默带着两只木箱、一件借来的大衣登上鸥岩的"
    "时候，"
    "根本不知道自己什么时候能再看到大陆。",
    "“炉子别让它灭了，”老周把第二只箱子放在码头上，“这里潮气重，什么都往里钻，书、面包、骨头。”",
    "“我能行。”",
    "“人人都这么说。”他抬头看了看灯塔，白漆早就褪成了旧牙齿的颜色，“老陈当年也这么说。”",
    "她等着他再说些什么，可他只是把缆绳盘好，点了一下头，便跨回了船上。发动机咳了两声才打着火。"
    "林默一直望着渡船变成灰色海面上的一个灰点，这才拎起轻一点的箱子，开始往上爬。",
    "守塔人的小屋有三个房间，到处是煤油的味道。桌上留着一只杯子，杯底一圈干掉的茶渍，好像老陈只是出"
    "去一会儿，"
    "马上就会回来。她没有碰它。她把衣服拿出来，生了炉子，顺着螺旋楼梯爬上灯室，一边爬一边数台阶——"
    "母亲教过她，心里发慌的时候就数数。一百一十二级。",
    "透镜擦得很干净，铜件也擦得锃亮。日志摊开在桌上，最后一条是用细小工整的字写的：东北风，渐强。气"
    "压下降。"
    "“玛格丽特号”十四日到港。愿上天保佑她。",
    "“他可不像是打算离开的人。”林默说出了声，自己的声音在圆形的灯室里回荡，让她脸上一热。",
    "＊＊＊",
    "那天夜里，风果然转成了东北风，和日志上写的一模一样。林默躺着听百叶窗一下一下地敲，每敲一下，"
    "她就想起桌上那只杯子；每想起一次，她就告诉自己，那不过是一只杯子。",
    "手机早就没了信号，连Wi-Fi的图标都是灰的。她把iPhone扣在枕边，又翻了个身。",
    "两点钟，她索性不睡了，又爬上楼梯。灯在转，光柱扫过海面。有那么一瞬间，在远远的礁石外面，"
    "她觉得好像有一盏灯回应了它。",
    "“有人吗？”她问，尽管明知没有人会听见，“有人吗？”",
    "没有回答。海浪依旧贴着岩石呼吸，缓慢而耐心，在有人想到要在这里建塔之前，它已经这样呼吸了一千年"
    "。"
    "她一直站到手脚冰凉，才走下楼，烧了一壶茶，却一口也没喝。",
    "第二天早上，她找到了第二本日志。它藏在书桌底下一块松动的木板下面，用油布包着，拿钓鱼线捆好。"
    "第一页上的日期，还没有到来。",
    "“记住这个日期，”老陈在下面写道，仿佛早就知道会是谁来读它，“然后再决定信不信我。”",
    "林默把那一页读了三遍。然后她合上本子，放回木板下面，走到屋外去看天。天空晴朗而苍白，什么也不肯"
    "透露……",
};

/// Where a sample of clean text comes from; false positives are counted per source.
enum class Source { SimEnglish, SimChinese, FixtureEnglish, FixtureChinese };

struct Sample {
    std::string text;
    bool zh = false;
    Source source = Source::SimEnglish;
};

inline const char *sourceName(Source s)
{
    switch (s) {
    case Source::SimEnglish:
        return "simulator en";
    case Source::SimChinese:
        return "simulator zh";
    case Source::FixtureEnglish:
        return "fixture en";
    case Source::FixtureChinese:
        return "fixture zh";
    }
    return "?";
}

/// A clean simulator chapter of about `units` words or characters. generateTokens stops
/// mid-sentence (it models max_tokens), so the tail after the last full stop is dropped.
inline std::string simChapter(std::uint64_t seed, bool zh, std::size_t units)
{
    sim::Rng rng(seed);
    std::string text;
    for (const std::string &token : sim::generateTokens(rng, zh, units))
        text += token;
    const std::size_t end = zh ? text.rfind("\u3002") : text.rfind('.');
    text.resize(end == std::string::npos ? 0 : end + (zh ? 3 : 1));
    return text;
}

/// A clean chapter cut from a fixture: 6 or more of its paragraphs in a random order.
inline std::string fixtureChapter(sim::Rng &rng, bool zh)
{
    const std::vector<std::string> &fixture = zh ? kChineseFixture : kEnglishFixture;
    std::vector<std::size_t> order(fixture.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i],
                  order[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(i)))]);
    const auto take
        = static_cast<std::size_t>(rng.range(6, static_cast<std::int64_t>(order.size())));
    std::string text;
    for (std::size_t i = 0; i < take; ++i) {
        if (!text.empty())
            text += zh ? "\n" : "\n\n";
        text += (zh ? "\u3000\u3000" : "") + fixture[order[i]];
    }
    return text;
}

/// The clean corpus: simulator chapters of 500–4,000 words and 800–10,000 characters, and
/// fixture chapters, all from fixed seeds.
inline const std::vector<Sample> &cleanCorpus()
{
    static const std::vector<Sample> corpus = [] {
        std::vector<Sample> out;
        sim::Rng lengths(15);
        for (std::uint64_t seed = 1; seed <= 150; ++seed) {
            out.push_back(
                {simChapter(seed, false, static_cast<std::size_t>(lengths.range(500, 4000))), false,
                 Source::SimEnglish});
            out.push_back(
                {simChapter(seed + 1000, true, static_cast<std::size_t>(lengths.range(800, 10000))),
                 true, Source::SimChinese});
        }
        sim::Rng shuffle(16);
        for (int i = 0; i < 100; ++i) {
            out.push_back({fixtureChapter(shuffle, false), false, Source::FixtureEnglish});
            out.push_back({fixtureChapter(shuffle, true), true, Source::FixtureChinese});
        }
        return out;
    }();
    return corpus;
}

inline QualityContext proseContext(bool zh, std::size_t target = 0)
{
    QualityContext c;
    c.stage = "draft";
    c.language = zh ? "zh" : "en";
    c.finishReason = "stop";
    c.targetLength = target;
    return c;
}

/// Every finding must point inside the text on UTF-8 boundaries, quote at most ~120 bytes of
/// valid UTF-8 and say something; findings come ordered by begin.
inline bool wellFormed(std::string_view text, const std::vector<QualityFinding> &findings)
{
    auto boundary = [&](std::size_t pos) {
        return pos == text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
    };
    for (std::size_t i = 0; i < findings.size(); ++i) {
        const QualityFinding &f = findings[i];
        if (f.begin > f.end || f.end > text.size() || !boundary(f.begin) || !boundary(f.end)
            || f.evidence.size() > quality::kEvidenceBytes || !utf8::isValid(f.evidence)
            || f.detail.empty() || (i > 0 && findings[i - 1].begin > f.begin))
            return false;
    }
    return true;
}

inline bool has(const std::vector<QualityFinding> &findings, QualityKind kind)
{
    return std::any_of(findings.begin(), findings.end(),
                       [&](const QualityFinding &f) { return f.kind == kind; });
}

/// A finding of `kind` overlapping [begin, end).
inline bool hasAt(const std::vector<QualityFinding> &findings, QualityKind kind, std::size_t begin,
                  std::size_t end)
{
    return std::any_of(findings.begin(), findings.end(), [&](const QualityFinding &f) {
        return f.kind == kind && f.begin < end && begin < f.end;
    });
}

inline std::size_t pick(sim::Rng &rng, std::size_t size)
{
    return static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(size) - 1));
}

/// Paragraph boundaries of `text` where a paragraph can be inserted: (offset, separator).
inline std::size_t paragraphBoundary(sim::Rng &rng, const std::string &text)
{
    const std::vector<quality::Span> paragraphs = quality::paragraphsOf(text);
    return paragraphs[pick(rng, paragraphs.size())].end;
}

// ---- Defect injectors: each returns the damaged text and the range the defect occupies. ----

struct Injected {
    std::string text;
    QualityContext context;
    std::size_t begin = 0;
    std::size_t end = 0;
};

using Injector = std::function<Injected(sim::Rng &, const Sample &)>;

/// A sentence said 3–6 times in a row. On the simulator's text the looping sentence is one the
/// bank does not have (a real model loops on its own sentence, which occurs nowhere else).
inline Injected injectSentenceLoop(sim::Rng &rng, const Sample &base)
{
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const auto copies = static_cast<std::size_t>(rng.range(3, 6));
    const std::string sep = base.zh ? "" : " ";
    const bool sim = base.source == Source::SimEnglish || base.source == Source::SimChinese;
    const std::vector<quality::Sentence> sentences = quality::sentencesOf(base.text);
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < sentences.size(); ++i)
        if (sentences[i].units >= 4)
            candidates.push_back(i);
    const quality::Sentence &at = sentences[candidates[pick(rng, candidates.size())]];
    std::string sentence = base.text.substr(at.span.begin, at.span.end - at.span.begin);
    std::size_t insertAt = at.span.end;
    std::size_t extra = copies - 1;
    if (sim) {
        const std::vector<std::string> &fixture = base.zh ? kChineseFixture : kEnglishFixture;
        std::vector<quality::Sentence> own;
        std::string para;
        while (own.empty()) {
            para = fixture[pick(rng, fixture.size())];
            own = quality::sentencesOf(para);
            std::erase_if(own, [](const quality::Sentence &s) { return s.units < 4; });
        }
        const quality::Sentence &s = own[pick(rng, own.size())];
        sentence = para.substr(s.span.begin, s.span.end - s.span.begin);
        extra = copies;
    }
    std::string loop;
    for (std::size_t i = 0; i < extra; ++i)
        loop += sep + sentence;
    out.text.insert(insertAt, loop);
    out.begin = insertAt;
    out.end = insertAt + loop.size();
    return out;
}

/// A paragraph occurring 3–5 times: back-to-back, or scattered over the chapter.
inline Injected injectParagraphLoop(sim::Rng &rng, const Sample &base)
{
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const std::vector<quality::Span> paragraphs = quality::paragraphsOf(base.text);
    std::vector<quality::Span> candidates;
    for (const quality::Span &p : paragraphs)
        if (countText(std::string_view(base.text).substr(p.begin, p.end - p.begin)).length() >= 12)
            candidates.push_back(p);
    const quality::Span p = candidates[pick(rng, candidates.size())];
    const std::string para = base.text.substr(p.begin, p.end - p.begin);
    const std::string sep = base.zh ? "\n" : "\n\n";
    const auto extra = static_cast<std::size_t>(rng.range(2, 4));
    if (rng.uniform() < 0.5) {
        std::string loop;
        for (std::size_t i = 0; i < extra; ++i)
            loop += sep + para;
        out.text.insert(p.end, loop);
        out.begin = p.begin;
        out.end = p.end + loop.size();
    } else {
        for (std::size_t i = 0; i < extra; ++i)
            out.text.insert(paragraphBoundary(rng, out.text), sep + para);
        out.begin = 0;
        out.end = out.text.size();
    }
    return out;
}

/// A passage of 1–2.5 times the reported length (60 words, 100 characters), starting
/// anywhere, repeated once right after itself.
inline Injected injectLongSpan(sim::Rng &rng, const Sample &base)
{
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const std::vector<quality::Unit> units = quality::unitsOf(base.text);
    const quality::RepetitionLimits limits;
    const std::size_t minimum = base.zh ? limits.longRunCjk : limits.longRunWords;
    const auto length
        = std::min(units.size() - 1,
                   static_cast<std::size_t>(rng.range(static_cast<std::int64_t>(minimum),
                                                      static_cast<std::int64_t>(minimum * 5 / 2))));
    const std::size_t first = pick(rng, units.size() - length);
    const std::size_t begin = units[first].begin;
    const std::size_t end = units[first + length - 1].end;
    const std::string copy = (base.zh ? "" : " ") + base.text.substr(begin, end - begin);
    out.text.insert(end, copy);
    out.begin = begin;
    out.end = end + copy.size();
    return out;
}

/// A paragraph in the other script: English in a Chinese chapter, Chinese in an English one.
inline Injected injectDrift(sim::Rng &rng, const Sample &base)
{
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const std::vector<std::string> &other = base.zh ? kEnglishFixture : kChineseFixture;
    std::string para;
    while (countText(para).length() < 15)
        para = other[pick(rng, other.size())];
    const std::size_t at = paragraphBoundary(rng, out.text);
    const std::string sep = base.zh ? "\n" : "\n\n";
    out.text.insert(at, sep + para);
    out.begin = at + sep.size();
    out.end = out.begin + para.size();
    return out;
}

/// The text cut mid-sentence in its last 40 %, right after a letter or a CJK character.
inline Injected injectCut(sim::Rng &rng, const Sample &base)
{
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const std::vector<quality::Unit> units = quality::unitsOf(base.text);
    const std::size_t from = units.size() * 6 / 10;
    const quality::Unit &u = units[from + pick(rng, units.size() - from)];
    // Mid-word in English half of the time, else after the word.
    std::size_t cut = u.end;
    if (!base.zh && u.end - u.begin > 2 && rng.uniform() < 0.5)
        cut = u.begin + 1 + pick(rng, u.end - u.begin - 1);
    out.text.resize(cut);
    out.begin = out.end = cut;
    return out;
}

/// A preamble, a note after the text, a refusal or a heading.
inline Injected injectMeta(sim::Rng &rng, const Sample &base)
{
    static const std::vector<std::string> preEn
        = {"Here is the chapter:", "Sure! Here's the next chapter of the story:",
           "Certainly! Here is the revised draft:", "Okay, here is Chapter 4:",
           "**Here is the continuation you requested:**"};
    static const std::vector<std::string> preZh
        = {"以下是第三章的正文：", "好的，这是续写的内容：", "好的！下面是本章正文：",
           "当然，这是改写后的版本："};
    static const std::vector<std::string> postEn
        = {"(Word count: 2,134)", "Note: I kept the tone consistent with the earlier chapters.",
           "I hope you enjoy this chapter! Let me know if you'd like any changes.",
           "Word count: approximately 2000 words."};
    static const std::vector<std::string> postZh
        = {"（字数：3021）", "注：本章延续了前文的伏笔。",
           "希望你喜欢这一章！如果需要修改请告诉我。", "（本章完，字数约3000字）"};
    static const std::vector<std::string> refuseEn
        = {"I'm sorry, but I can't continue this story.",
           "As an AI language model, I cannot write this scene."};
    static const std::vector<std::string> refuseZh
        = {"抱歉，我无法继续这个故事。", "作为一个AI语言模型，我不能写这一段。"};
    Injected out{base.text, proseContext(base.zh), 0, 0};
    const std::string sep = base.zh ? "\n" : "\n\n";
    const double r = rng.uniform();
    if (r < 0.35) {
        const auto &list = base.zh ? preZh : preEn;
        const std::string pre = list[pick(rng, list.size())] + sep;
        out.text.insert(0, pre);
        out.end = pre.size();
    } else if (r < 0.7) {
        const auto &list = base.zh ? postZh : postEn;
        const std::string post = sep + list[pick(rng, list.size())];
        out.begin = out.text.size();
        out.text += post;
        out.end = out.text.size();
    } else if (r < 0.9) {
        const auto &list = base.zh ? refuseZh : refuseEn;
        const std::string refusal = list[pick(rng, list.size())];
        out.text = rng.uniform() < 0.5 ? refusal : refusal + sep + out.text;
        out.end = refusal.size();
    } else {
        const std::string heading = (base.zh ? "第四章 灯塔" : "# Chapter 4") + sep;
        out.text.insert(0, heading);
        out.end = heading.size();
    }
    return out;
}

/// A target the text misses: it is under 45 % or over 220 % of it.
inline Injected injectLength(sim::Rng &rng, const Sample &base)
{
    const double length = static_cast<double>(countText(base.text).length());
    const double share
        = rng.uniform() < 0.5 ? 0.1 + 0.35 * rng.uniform() : 2.2 + 3.0 * rng.uniform();
    Injected out{base.text, proseContext(base.zh, static_cast<std::size_t>(length / share)), 0,
                 base.text.size()};
    return out;
}

struct Defect {
    const char *name;
    QualityKind kind;
    Injector inject;
    bool located; ///< the finding must overlap the injected range
};

inline const std::vector<Defect> &defects()
{
    static const std::vector<Defect> list = {
        {"sentence loop", QualityKind::Repetition, injectSentenceLoop, true},
        {"paragraph loop", QualityKind::Repetition, injectParagraphLoop, true},
        {"long span back-to-back", QualityKind::Repetition, injectLongSpan, true},
        {"language drift", QualityKind::LanguageDrift, injectDrift, true},
        {"cut mid-sentence", QualityKind::Truncation, injectCut, false},
        {"meta text", QualityKind::MetaText, injectMeta, true},
        {"length", QualityKind::Length, injectLength, false},
    };
    return list;
}

/// Share of `runs` injections of `defect` into clean samples (cycling through the corpus)
/// that checkQuality finds; every result must also be well formed. `misses` gets the
/// injected passages that were not found.
inline double detectionRate(const Defect &defect, std::size_t runs, std::uint64_t seed,
                            bool *formed, std::vector<std::string> *misses = nullptr)
{
    sim::Rng rng(seed);
    const std::vector<Sample> &corpus = cleanCorpus();
    std::size_t found = 0;
    *formed = true;
    for (std::size_t i = 0; i < runs; ++i) {
        const Sample &base = corpus[(i * 7) % corpus.size()];
        const Injected inj = defect.inject(rng, base);
        const auto findings = checkQuality(inj.text, inj.context);
        *formed = *formed && wellFormed(inj.text, findings);
        const bool hit = defect.located
            ? hasAt(findings, defect.kind, inj.begin, std::max(inj.end, inj.begin + 1))
            : has(findings, defect.kind);
        found += hit ? 1 : 0;
        if (!hit && misses)
            misses->push_back(
                std::string(sourceName(base.source)) + ": "
                + inj.text.substr(inj.begin, std::min<std::size_t>(inj.end - inj.begin, 240)));
    }
    return static_cast<double>(found) / static_cast<double>(runs);
}

} // namespace scriptorium::novel::quality_test
