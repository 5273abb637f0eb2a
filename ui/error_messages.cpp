#include "ui/error_messages.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace {

/// The translation context of these messages ("ErrorMessages").
class ErrorMessages {
    Q_DECLARE_TR_FUNCTIONS(ErrorMessages)
};

} // namespace

namespace scriptorium::ui {

QString errorText(const Error &error)
{
    // No default: -Wswitch (an error under -Werror) names a new ErrorCode left without its
    // sentence here.
    switch (error.code) {
    case ErrorCode::InvalidArgument:
        return ErrorMessages::tr(
            "This cannot be done as asked: something it needs is missing or cannot be used "
            "here (an open chapter, a selection, a name, the right kind of file). Check it and "
            "try again.");
    case ErrorCode::Parse:
        return ErrorMessages::tr(
            "Some text could not be read: a file, a setting or an answer is not in the "
            "expected format. Check the file or setting and try again.");
    case ErrorCode::Io:
        return ErrorMessages::tr("Reading or writing a file failed: check that the disk or "
                                 "folder is available, then try again.");
    case ErrorCode::DiskFull:
        return ErrorMessages::tr(
            "The disk is full, so this was not saved: free some space and try again.");
    case ErrorCode::ReadOnly:
        return ErrorMessages::tr(
            "The file or its folder is read-only, so nothing was written: make it writable, or "
            "choose another location or a copy.");
    case ErrorCode::NotFound:
        return ErrorMessages::tr(
            "It could not be found: the file, folder, book or chapter may have been moved or "
            "deleted. Check it, or choose another.");
    case ErrorCode::Conflict:
        return ErrorMessages::tr(
            "This clashes with a change made meanwhile: reload and try again.");
    case ErrorCode::Busy:
        return ErrorMessages::tr(
            "The library is in use by another Scriptorium window or scriptorium-cli command: "
            "close it there, then try again.");
    case ErrorCode::Corrupt:
        return ErrorMessages::tr(
            "The file is damaged and was not changed: restore the library's latest backup, or "
            "a copy from elsewhere.");
    case ErrorCode::TooNew:
        return ErrorMessages::tr(
            "The file was written by a newer version of Scriptorium and was left untouched: "
            "update Scriptorium to open it.");
    case ErrorCode::Unsupported:
        return ErrorMessages::tr(
            "This version of Scriptorium cannot do that: update Scriptorium, or choose another "
            "option.");
    case ErrorCode::TooLarge:
        return ErrorMessages::tr(
            "It is larger than Scriptorium allows here: shorten or split it, then try again.");
    // The routing classes: the advice the Generate dock has always given, now shared by every
    // request to OpenRouter (the model list, the batch, the dashboard's checks).
    case ErrorCode::Config:
        return ErrorMessages::tr("The routing settings are invalid: fix the routing preset.");
    case ErrorCode::Auth:
        return ErrorMessages::tr("The API key was rejected: check it in Settings.");
    case ErrorCode::Credits:
        return ErrorMessages::tr("Out of credits: add credits or lower max tokens.");
    case ErrorCode::Moderation:
        return ErrorMessages::tr(
            "The request was refused by moderation: rephrase the outline or the prompt.");
    case ErrorCode::NoEndpoint:
        return ErrorMessages::tr(
            "No provider serves this model with the routing rules in force: choose "
            "another model or allow more precisions in the routing preset.");
    case ErrorCode::ModelNotFound:
        return ErrorMessages::tr(
            "OpenRouter does not know this model: pick another one in the model list.");
    case ErrorCode::RateLimit:
        return ErrorMessages::tr(
            "The provider is rate-limiting requests: wait a minute and try again.");
    case ErrorCode::Provider:
        return ErrorMessages::tr("The provider failed to answer: try again in a moment.");
    case ErrorCode::MidStream:
    case ErrorCode::IdleStall:
        return ErrorMessages::tr(
            "The provider stopped in the middle of its answer: try again, or choose another "
            "model.");
    case ErrorCode::FirstTokenTimeout:
    case ErrorCode::Timeout:
        return ErrorMessages::tr(
            "The provider took too long to answer: try again or choose another model.");
    case ErrorCode::Transport:
        return ErrorMessages::tr(
            "Could not reach OpenRouter: check the network and the base URL in Settings.");
    case ErrorCode::Cancelled:
        return ErrorMessages::tr(
            "Cancelled: what was already done is kept; start it again when you are ready.");
    case ErrorCode::Budget:
        return ErrorMessages::tr(
            "This generation would exceed the budget: raise the budget or lower max "
            "tokens.");
    case ErrorCode::Interrupted:
        return ErrorMessages::tr(
            "Scriptorium stopped before this generation finished (it was closed or crashed): "
            "the text received so far is kept; open the chapter to accept or discard it.");
    case ErrorCode::Internal:
        break;
    }
    // Internal, and a value outside the enum (a corrupt record): both are bugs.
    return ErrorMessages::tr(
        "Something went wrong inside Scriptorium (a bug): try again; if it keeps happening, "
        "report it with the details.");
}

QString errorDetail(const Error &error)
{
    QString text = QString::fromStdString(error.message);
    if (!error.detail.empty()) {
        if (!text.isEmpty())
            text += QLatin1Char('\n');
        text += QString::fromStdString(error.detail);
    }
    return text;
}

QString libraryOpenErrorText(const QString &path, const Error &error)
{
    QString reason;
    switch (error.code) {
    case ErrorCode::InvalidArgument:
        // Database::open's answer for a SQLite file with another program's application id.
        reason = ErrorMessages::tr(
            "It belongs to another program and was left untouched: choose a Scriptorium "
            "library, or a new file name to start one.");
        break;
    case ErrorCode::Corrupt:
        // SQLite calls any file that is no database "not a database", which core files under
        // Corrupt with real damage: the writer may simply have picked the wrong file.
        reason = ErrorMessages::tr(
            "The file is damaged or is not a Scriptorium library, and was not changed: choose "
            "another file, or restore the library's latest backup.");
        break;
    default:
        reason = errorText(error);
        break;
    }
    return ErrorMessages::tr("The library %1 could not be opened. %2")
        .arg(QFileInfo(path).fileName(), reason);
}

} // namespace scriptorium::ui
