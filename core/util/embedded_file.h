#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace scriptorium {

/// A data file compiled into the binary by scriptorium_embed_files() (cmake/EmbedFiles.cmake).
/// `path` is relative to the embedding's base directory ("en/draft.txt"); `bytes` lives for
/// the whole program.
struct EmbeddedFile {
    std::string_view path;
    std::string_view bytes;
};

/// The bytes of `path` among `files`, or nothing.
inline std::optional<std::string_view> findEmbeddedFile(std::span<const EmbeddedFile> files,
                                                        std::string_view path)
{
    for (const EmbeddedFile &file : files) {
        if (file.path == path)
            return file.bytes;
    }
    return std::nullopt;
}

} // namespace scriptorium
