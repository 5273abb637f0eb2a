#include "ui/generation/generation_messages.h"

#include <QCoreApplication>

namespace {

/// The translation context of these messages ("GenerationMessages").
class GenerationMessages {
    Q_DECLARE_TR_FUNCTIONS(GenerationMessages)
};

} // namespace

namespace scriptorium::ui {

namespace {

QString q(const std::string &s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

QString generationErrorMessage(const Error &error)
{
    switch (error.code) {
    case ErrorCode::Auth:
        return GenerationMessages::tr("The API key was rejected: check it in Settings.");
    case ErrorCode::Credits:
        return GenerationMessages::tr("Out of credits: add credits or lower max tokens.");
    case ErrorCode::Budget:
        return GenerationMessages::tr(
            "This generation would exceed the budget: raise the budget or lower max "
            "tokens.");
    case ErrorCode::RateLimit:
        return GenerationMessages::tr(
            "The provider is rate-limiting requests: wait a minute and try again.");
    case ErrorCode::NoEndpoint:
        return GenerationMessages::tr(
            "No provider serves this model with the routing rules in force: choose "
            "another model or allow more precisions in the routing preset.");
    case ErrorCode::ModelNotFound:
        return GenerationMessages::tr(
            "OpenRouter does not know this model: pick another one in the model list.");
    case ErrorCode::Moderation:
        return GenerationMessages::tr(
            "The request was refused by moderation: rephrase the outline or the prompt.");
    case ErrorCode::TooLarge:
        return GenerationMessages::tr(
            "The prompt is too long for this model: shorten the outline or lower the "
            "prompt budget.");
    case ErrorCode::MidStream:
    case ErrorCode::IdleStall:
        return GenerationMessages::tr(
            "The provider stopped in the middle of the text: the partial draft is kept; "
            "accept it and use Continue, or try again.");
    case ErrorCode::FirstTokenTimeout:
    case ErrorCode::Timeout:
        return GenerationMessages::tr(
            "The provider took too long to answer: try again or choose another model.");
    case ErrorCode::Transport:
        return GenerationMessages::tr(
            "Could not reach OpenRouter: check the network and the base URL in Settings.");
    case ErrorCode::Provider:
        return GenerationMessages::tr("The provider failed to answer: try again in a moment.");
    case ErrorCode::Cancelled:
        return GenerationMessages::tr("Stopped. The partial draft is kept: accept or discard it.");
    case ErrorCode::Config:
        return GenerationMessages::tr("The routing settings are invalid: fix the routing preset.");
    case ErrorCode::InvalidArgument:
        return GenerationMessages::tr(
            "The request is incomplete: check the base URL and the model in Settings.");
    default:
        return GenerationMessages::tr(
                   "The generation failed (%1): try again; if it keeps failing, check Settings.")
            .arg(QString::fromLatin1(errorCodeName(error.code).data(),
                                     static_cast<qsizetype>(errorCodeName(error.code).size())));
    }
}

QString generationErrorMessage(const routing::GenerationResult &result)
{
    if (!result.error)
        return {};
    return generationErrorMessage(*result.error);
}

QString degradedNotice(const routing::GenerationResult &result)
{
    if (!result.degraded)
        return {};
    const QString quant = result.quantization.empty() ? GenerationMessages::tr("another precision")
                                                      : q(result.quantization);
    const QString provider = result.provider.empty() ? GenerationMessages::tr("an unknown provider")
                                                     : q(result.provider);
    return GenerationMessages::tr(
               "OpenRouter has no fp8 provider for this model; generated at %1 by %2")
        .arg(quant, provider);
}

QString precisionLabel(const QString &quantization, bool degraded)
{
    const QString quant = quantization.isEmpty() ? GenerationMessages::tr("unknown") : quantization;
    if (degraded || quant != QLatin1String("fp8"))
        return GenerationMessages::tr("%1 (degraded)").arg(quant);
    return quant;
}

} // namespace scriptorium::ui
