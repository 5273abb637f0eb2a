# scriptorium::config — the one INTERFACE target every Scriptorium target links. It carries the
# language standard, the warning set, sanitizers and the Qt hygiene defines, so no target sets
# its own flags.
add_library(scriptorium_config INTERFACE)
add_library(scriptorium::config ALIAS scriptorium_config)

target_compile_features(scriptorium_config INTERFACE cxx_std_23)
set(CMAKE_CXX_EXTENSIONS OFF)

target_compile_options(scriptorium_config INTERFACE
  -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor
  -Wcast-qual -Wformat=2 -Wimplicit-fallthrough
  # A local that hides another local; Clang (the fuzz build) spells it differently.
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>
  $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>
  $<$<BOOL:${SCRIPTORIUM_WERROR}>:-Werror>
  # GCC 12 at -O2/-O3 reports -Wrestrict for `"text" + std::string` inside libstdc++ (GCC bug
  # 105329, fixed in 13): noise in every optimised build, never a real overlap.
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>,$<CONFIG:Release,RelWithDebInfo>>:-Wno-restrict>)

# Qt hygiene: no implicit ASCII conversions, no connect() without a context object, and
# QStringBuilder for concatenation. Harmless for the Qt-free core.
target_compile_definitions(scriptorium_config INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_DISABLE_DEPRECATED_UP_TO=0x060400)

if(SCRIPTORIUM_SANITIZE)
  target_compile_options(scriptorium_config INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(scriptorium_config INTERFACE -fsanitize=address,undefined)
endif()
