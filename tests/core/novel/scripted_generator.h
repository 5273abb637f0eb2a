#pragma once

// A TextGenerator that answers from a script, for pipeline tests without a network.
#include "novel/generation_recorder.h"
#include "novel/shared_database.h"
#include "novel/text_generator.h"

#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace scriptorium::novel::test {

/// One scripted reply: text and finish reason, or an error.
struct ScriptedReply {
    ScriptedReply(std::string replyText = {}, std::string finish = "stop")
        : text(std::move(replyText))
        , finishReason(std::move(finish))
    {
    }
    std::string text;
    std::string finishReason;
    std::optional<ErrorCode> error;
    double costUsd = 0.001;
};

/// Answers generate() calls in order from the queue; when it is empty, `fallback(task)`
/// answers. Records every task it saw. Thread-safe.
class ScriptedGenerator final : public TextGenerator {
public:
    std::function<ScriptedReply(const GenerationTask &)> fallback;
    /// When set, every generation is recorded like RouterTextGenerator records it.
    SharedDatabase *db = nullptr;

    void push(ScriptedReply reply)
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(reply));
    }

    GenerationOutcome generate(GenerationTask task) override
    {
        ScriptedReply reply;
        {
            std::lock_guard lock(m_mutex);
            tasks.push_back(task);
            if (!m_queue.empty()) {
                reply = m_queue.front();
                m_queue.pop_front();
            } else if (fallback) {
                reply = fallback(task);
            }
        }
        GenerationOutcome out;
        routing::AttemptRecord attempt;
        attempt.index = 1;
        attempt.provider = "Scripted";
        attempt.quantization = "fp8";
        attempt.costUsd = reply.costUsd;
        attempt.costSource = routing::CostSource::Usage;
        attempt.completionTokens = static_cast<std::int64_t>(reply.text.size() / 5);
        attempt.finishReason = reply.finishReason;
        if (reply.error)
            attempt.errorClass = reply.error;
        out.result.attempts.push_back(attempt);
        out.result.text = task.request.prefill + reply.text;
        out.result.finishReason = reply.finishReason;
        out.result.provider = "Scripted";
        out.result.quantization = "fp8";
        if (reply.error)
            out.result.error = Error{*reply.error, "scripted failure", {}};
        if (db) {
            auto id = db->with([&](store::Database &d) {
                return startGenerationRecord(d, task.stage, task.bookId, task.chapterId, "m");
            });
            if (id) {
                out.recordId = *id;
                (void)db->with(
                    [&](store::Database &d) { return finishGenerationRecord(d, *id, out.result); });
            }
        }
        return out;
    }

    void cancelAll() override { }

    std::vector<GenerationTask> tasks;

private:
    std::mutex m_mutex;
    std::deque<ScriptedReply> m_queue;
};

} // namespace scriptorium::novel::test
