#pragma once

// A scripted CatalogSource for routing tests: canned bodies per path, switchable failure, and
// a count of requests per path.

#include "routing/model_catalog.h"

#include <map>
#include <string>

namespace scriptorium::routing::test {

class FakeCatalogSource final : public CatalogSource {
public:
    std::map<std::string, std::string> bodies;
    std::map<std::string, int> calls;
    std::optional<Error> failWith; ///< when set, every get() fails with it

    Result<std::string> get(const std::string &pathAndQuery) override
    {
        ++calls[pathAndQuery];
        if (failWith)
            return fail(*failWith);
        auto it = bodies.find(pathAndQuery);
        if (it == bodies.end())
            return fail(ErrorCode::ModelNotFound, "no such path in the fake: " + pathAndQuery);
        return it->second;
    }
};

/// A small market shaped like OpenRouter: providers (no Lambda), models, and endpoints.
inline void fillMarket(FakeCatalogSource &source)
{
    source.bodies["/providers"] = R"({"data":[
        {"name":"DeepInfra","slug":"deepinfra"},{"name":"Together","slug":"together"},
        {"name":"Fireworks","slug":"fireworks"},{"name":"Novita","slug":"novita"}]})";
    source.bodies["/models"] = R"({"data":[
        {"id":"meta-llama/llama-3.1-8b-instruct","name":"Llama 3.1 8B","context_length":131072,"pricing":{"prompt":"0.00000002","completion":"0.00000003"}},
        {"id":"meta-llama/llama-3.3-70b-instruct","name":"Llama 3.3 70B","context_length":131072,"pricing":{"prompt":"0.0000001","completion":"0.00000032"}},
        {"id":"deepseek/deepseek-chat","name":"DeepSeek V3","context_length":131072,"pricing":{"prompt":"0.0000002","completion":"0.0000008"}},
        {"id":"qwen/qwen3-32b","name":"Qwen3 32B","context_length":40960,"pricing":{"prompt":"0.00000008","completion":"0.00000028"}},
        {"id":"openai/gpt-4","name":"GPT-4","context_length":8191,"pricing":{"prompt":"0.00003","completion":"0.00006"}}]})";
    source.bodies["/models/meta-llama/llama-3.1-8b-instruct/endpoints"]
        = R"({"data":{"id":"meta-llama/llama-3.1-8b-instruct","endpoints":[
        {"provider_name":"DeepInfra","tag":"deepinfra/fp8","quantization":"fp8","pricing":{"prompt":"0.00000002","completion":"0.00000003"},"context_length":131072,"status":0},
        {"provider_name":"DeepInfra","tag":"deepinfra/bf16","quantization":"bf16","pricing":{"prompt":"0.00000004","completion":"0.00000006"},"context_length":131072,"status":0},
        {"provider_name":"Together","tag":"together","quantization":"fp8","pricing":{"prompt":"0.00000018","completion":"0.00000018"},"context_length":131072,"status":0},
        {"provider_name":"Novita","tag":"novita","quantization":"bf16","pricing":{"prompt":"0.00000005","completion":"0.00000005"},"context_length":16384,"status":0}]}})";
    source.bodies["/models/meta-llama/llama-3.3-70b-instruct/endpoints"]
        = R"({"data":{"id":"meta-llama/llama-3.3-70b-instruct","endpoints":[
        {"provider_name":"DeepInfra","tag":"deepinfra/turbo","quantization":"fp8","pricing":{"prompt":"0.0000001","completion":"0.00000032"},"context_length":131072,"status":0},
        {"provider_name":"Fireworks","tag":"fireworks","quantization":"fp8","pricing":{"prompt":"0.0000009","completion":"0.0000009"},"context_length":131072,"status":0}]}})";
    source.bodies["/models/deepseek/deepseek-chat/endpoints"]
        = R"({"data":{"id":"deepseek/deepseek-chat","endpoints":[
        {"provider_name":"DeepInfra","tag":"deepinfra/fp8","quantization":"fp8","pricing":{"prompt":"0.0000002","completion":"0.0000008"},"context_length":131072,"status":0},
        {"provider_name":"Together","tag":"together","quantization":"fp8","pricing":{"prompt":"0.00000125","completion":"0.00000125"},"context_length":131072,"status":0}]}})";
    source.bodies["/models/qwen/qwen3-32b/endpoints"]
        = R"({"data":{"id":"qwen/qwen3-32b","endpoints":[
        {"provider_name":"DeepInfra","tag":"deepinfra/bf16","quantization":"bf16","pricing":{"prompt":"0.00000008","completion":"0.00000028"},"context_length":40960,"status":0},
        {"provider_name":"Novita","tag":"novita","quantization":null,"pricing":{"prompt":"0.0000001","completion":"0.00000045"},"context_length":40960,"status":0}]}})";
    source.bodies["/models/openai/gpt-4/endpoints"] = R"({"data":{"id":"openai/gpt-4","endpoints":[
        {"provider_name":"OpenAI","tag":"openai","quantization":"unknown","pricing":{"prompt":"0.00003","completion":"0.00006"},"context_length":8191,"status":0}]}})";
    source.bodies["/key"]
        = R"({"data":{"label":"sk-or-v1-ab...cd","limit":null,"limit_remaining":null,"usage":1.5}})";
}

} // namespace scriptorium::routing::test
