#pragma once

#include "util/result.h"

#include <cstdint>

namespace scriptorium::store {
class Database;
}

namespace scriptorium::ui {

/// Writes the demo's sample book into `db`: a premise, a style guide, a few bible entries and
/// four planned chapters with outlines (the first one with an opening paragraph), in English
/// or, when `chinese`, in Chinese. Returns the book id. Errors: the store's codes.
Result<std::int64_t> createSampleBook(store::Database &db, bool chinese);

} // namespace scriptorium::ui
