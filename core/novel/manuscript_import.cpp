#include "novel/manuscript_import.h"

#include "novel/chapter_splitter.h"
#include "novel/text_encoding.h"
#include "util/text_stats.h"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace scriptorium::novel {

namespace {

std::string titleFromFileName(std::string_view fileName)
{
    std::filesystem::path path{std::string(fileName)};
    std::string stem = path.stem().string();
    return stem.empty() ? std::string("Untitled") : stem;
}

} // namespace

Result<ImportedManuscript> importManuscript(std::string_view bytes, std::string_view fileName)
{
    if (bytes.size() > kMaxManuscriptBytes)
        return fail(ErrorCode::TooLarge,
                    "The file is larger than 64 MiB (" + std::to_string(bytes.size() >> 20)
                        + " MiB), too large for one manuscript. Split it into several files.");
    Result<DecodedText> decoded = decodeManuscriptText(bytes);
    if (!decoded)
        return fail(decoded.error());

    ImportedManuscript manuscript;
    manuscript.sourceEncoding = decoded->encoding;
    manuscript.language = countText(decoded->text).isMostlyCjk() ? "zh" : "en";

    ChapterSplit split = splitChapters(decoded->text, manuscript.language);
    manuscript.title = split.title.empty() ? titleFromFileName(fileName) : std::move(split.title);
    manuscript.chapters = std::move(split.chapters);
    manuscript.warnings = std::move(split.warnings);
    for (ImportedChapter &chapter : manuscript.chapters) {
        if (chapter.title.empty())
            chapter.title = manuscript.title;
    }
    if (manuscript.sourceEncoding != "UTF-8")
        manuscript.warnings.insert(manuscript.warnings.begin(),
                                   "The file was read as " + manuscript.sourceEncoding
                                       + "; check that the Chinese text looks right.");
    return manuscript;
}

Result<ImportedManuscript> importManuscriptFile(const std::filesystem::path &file)
{
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status)) {
        if (ec && ec != std::errc::no_such_file_or_directory)
            return fail(ErrorCode::Io, "Cannot read " + file.string() + ": " + ec.message() + ".");
        return fail(ErrorCode::NotFound,
                    "There is no file " + file.string() + ". Check the path and try again.");
    }
    if (std::filesystem::is_directory(status))
        return fail(ErrorCode::InvalidArgument,
                    file.string() + " is a folder. Choose the manuscript file inside it.");
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxManuscriptBytes)
        return fail(ErrorCode::TooLarge,
                    file.string()
                        + " is larger than 64 MiB, too large for one manuscript. "
                          "Split it into several files.");

    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail(ErrorCode::Io,
                    "Cannot open " + file.string()
                        + " for reading. Check its permissions and try again.");
    std::string bytes;
    // One byte more than expected, so a file that grew since stat() is noticed yet bounded.
    bytes.resize((ec ? kMaxManuscriptBytes : static_cast<std::size_t>(size)) + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad())
        return fail(ErrorCode::Io,
                    "Reading " + file.string() + " failed. Check the disk and try again.");
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return importManuscript(bytes, file.filename().string());
}

} // namespace scriptorium::novel
