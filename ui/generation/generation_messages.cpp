#include "ui/generation/generation_messages.h"

#include "ui/error_messages.h"

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
    // Only the advice that holds for the Generate dock's draft and prompt; every other class
    // reads as everywhere else in the window (errorText()).
    switch (error.code) {
    case ErrorCode::TooLarge:
        return GenerationMessages::tr(
            "The prompt is too long for this model: shorten the outline or lower the "
            "prompt budget.");
    case ErrorCode::MidStream:
    case ErrorCode::IdleStall:
        return GenerationMessages::tr(
            "The provider stopped in the middle of the text: the partial draft is kept; "
            "accept it and use Continue, or try again.");
    case ErrorCode::Cancelled:
        return GenerationMessages::tr("Stopped. The partial draft is kept: accept or discard it.");
    case ErrorCode::InvalidArgument:
        return GenerationMessages::tr(
            "The request is incomplete: check the base URL and the model in Settings.");
    default:
        return errorText(error);
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
