#include "novel/zip_archive.h"

#include <cstdio>
#include <memory>
#include <string>

#include <zip.h>

namespace scriptorium::novel {

namespace {

std::unexpected<Error> zipError(const std::string &what, const char *reason)
{
    return fail(ErrorCode::Internal, "Could not build the archive. Please report this as a bug.",
                what + ": " + (reason ? reason : "unknown libzip error"));
}

struct SourceDeleter {
    void operator()(zip_source_t *source) const { zip_source_free(source); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceDeleter>;

Result<std::string> readSource(zip_source_t *source)
{
    if (zip_source_open(source) < 0)
        return zipError("open result", zip_error_strerror(zip_source_error(source)));
    std::string bytes;
    Status status;
    if (zip_source_seek(source, 0, SEEK_END) < 0) {
        status = zipError("seek", zip_error_strerror(zip_source_error(source)));
    } else {
        const zip_int64_t size = zip_source_tell(source);
        zip_source_seek(source, 0, SEEK_SET);
        bytes.resize(static_cast<std::size_t>(size < 0 ? 0 : size));
        if (zip_source_read(source, bytes.data(), bytes.size())
            != static_cast<zip_int64_t>(bytes.size()))
            status = zipError("read", zip_error_strerror(zip_source_error(source)));
    }
    zip_source_close(source);
    if (!status)
        return fail(status.error());
    return bytes;
}

} // namespace

Result<std::string> buildZipArchive(const std::vector<ZipEntry> &entries)
{
    zip_error_t error;
    zip_error_init(&error);
    SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) {
        auto result = zipError("create buffer", zip_error_strerror(&error));
        zip_error_fini(&error);
        return result;
    }
    // zip_close() frees the source it was opened from unless we hold a reference; we need it
    // afterwards to read the finished archive.
    zip_source_keep(buffer.get());
    zip_t *archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (!archive) {
        auto result = zipError("open archive", zip_error_strerror(&error));
        zip_error_fini(&error);
        return result;
    }
    zip_error_fini(&error);

    for (const ZipEntry &entry : entries) {
        zip_source_t *data = zip_source_buffer(archive, entry.data.data(), entry.data.size(), 0);
        if (!data) {
            auto result = zipError("add " + entry.name, zip_strerror(archive));
            zip_discard(archive);
            return result;
        }
        const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            auto result = zipError("add " + entry.name, zip_strerror(archive));
            zip_discard(archive);
            return result;
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(archive, i, entry.stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0)
                < 0
            || zip_file_extra_field_delete(archive, i, ZIP_EXTRA_FIELD_ALL,
                                           ZIP_FL_LOCAL | ZIP_FL_CENTRAL)
                < 0) {
            auto result = zipError("set options of " + entry.name, zip_strerror(archive));
            zip_discard(archive);
            return result;
        }
    }
    if (zip_close(archive) < 0) {
        auto result = zipError("close archive", zip_strerror(archive));
        zip_discard(archive);
        return result;
    }
    return readSource(buffer.get());
}

} // namespace scriptorium::novel
