# Runs scriptorium-cli the way a user or script does and checks output and exit codes.
function(expect_run expected_code expected_regex)
  execute_process(COMMAND ${CLI} ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
  if(NOT code EQUAL expected_code)
    message(FATAL_ERROR "scriptorium-cli ${ARGN}: exit ${code}, expected ${expected_code}\n${out}${err}")
  endif()
  if(NOT "${out}${err}" MATCHES "${expected_regex}")
    message(FATAL_ERROR "scriptorium-cli ${ARGN}: output does not match '${expected_regex}':\n${out}${err}")
  endif()
endfunction()

expect_run(0 "scriptorium-cli ${VERSION}" --version)
expect_run(0 "Usage:.*count" --help)
expect_run(2 "run 'scriptorium-cli --help'" frobnicate)
expect_run(2 "run 'scriptorium-cli --help'" --no-such-option)
expect_run(2 "run 'scriptorium-cli --help'")

file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/zh.txt" "第一章 归来\n他推开门。")
expect_run(0 "^9 characters" count "${CMAKE_CURRENT_BINARY_DIR}/zh.txt")
expect_run(1 "cannot read" count "${CMAKE_CURRENT_BINARY_DIR}/missing.txt")
