# scriptorium_add_test(<name> SOURCES <files…> [LIBS <targets…>] [TIMEOUT <s>] [LABELS <l…>]
#                      [ENVIRONMENT <VAR=value…>])
#
# One Qt Test executable per unit, linked against the libraries it tests (never recompiling
# their sources), registered with CTest under <name> with a timeout. Sanitizer options are set
# here so every test runs with the same ones.
function(scriptorium_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT")
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE scriptorium::config Qt6::Test ${ARG_LIBS})
  # Helpers shared across test folders: #include "support/…".
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests")
  add_test(NAME ${name} COMMAND ${name})
  set(env
    "QT_QPA_PLATFORM=offscreen"
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1"
    "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
    "SCRIPTORIUM_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    "SCRIPTORIUM_BINARY_DIR=${PROJECT_BINARY_DIR}"
    ${ARG_ENVIRONMENT})
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    LABELS "${ARG_LABELS}"
    ENVIRONMENT "${env}")
endfunction()

# scriptorium_add_benchmark(<name> SOURCES <files…> [LIBS <targets…>])
#
# Benchmarks are never registered with CTest and are not part of the default build (which CI
# runs under sanitizers): `cmake --build --preset bench --target benchmarks` builds them all,
# and docs/benchmarks.md says how to run each.
if(NOT TARGET benchmarks)
  add_custom_target(benchmarks)
endif()
function(scriptorium_add_benchmark name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBS")
  add_executable(${name} EXCLUDE_FROM_ALL ${ARG_SOURCES})
  add_dependencies(benchmarks ${name})
  target_link_libraries(${name} PRIVATE scriptorium::config ${ARG_LIBS})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bench")
endfunction()
