# Fails when a translation file lags behind the sources: re-extracts every tr() string with the
# build's own lupdate project (the one `update_translations` uses) into a scratch copy of
# TS_FILE, then counts the messages without a translation. Run as a test, so a new string
# without its zh_CN text turns CI red instead of showing up in English in a Chinese window.
#   cmake -DLUPDATE=... -DPROJECT_CMAKE=<build>/ui/.lupdate/<target>_project.cmake
#         -DTS_FILE=... -DWORK_DIR=... -P CheckTranslations.cmake
foreach(var LUPDATE PROJECT_CMAKE GENERATE_PROJECT_SCRIPT TS_FILE WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CheckTranslations.cmake needs -D${var}=...")
  endif()
endforeach()

file(MAKE_DIRECTORY "${WORK_DIR}")
get_filename_component(name "${TS_FILE}" NAME)
set(scratch "${WORK_DIR}/${name}")
file(COPY_FILE "${TS_FILE}" "${scratch}")
set(project_json "${WORK_DIR}/lupdate-project.json")
execute_process(
  COMMAND "${CMAKE_COMMAND}" "-DIN_FILE=${PROJECT_CMAKE}" "-DOUT_FILE=${project_json}"
          -P "${GENERATE_PROJECT_SCRIPT}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "could not generate the lupdate project from ${PROJECT_CMAKE}")
endif()
execute_process(
  COMMAND "${LUPDATE}" -silent -project "${project_json}" -no-obsolete -locations none
          -ts "${scratch}"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${result}) on ${TS_FILE}")
endif()

file(READ "${scratch}" text)
# A CMake list splits at ';', which source strings contain: swap it out while matching.
string(REPLACE ";" "@SEMICOLON@" text "${text}")
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\r\t]*(<comment>[^<]*</comment>[ \n\r\t]*)?<translation type=\"unfinished\""
       missing "${text}")
list(LENGTH missing count)
if(count GREATER 0)
  foreach(entry IN LISTS missing)
    string(REGEX REPLACE "^<source>([^<]*)</source>.*$" "\\1" source "${entry}")
    string(REPLACE "@SEMICOLON@" ";" source "${source}")
    message("  untranslated: ${source}")
  endforeach()
  message(FATAL_ERROR "${name}: ${count} string(s) without a translation. Run "
                      "`cmake --build <build dir> --target update_translations`, translate "
                      "them in ${TS_FILE} (Qt Linguist, or by hand) and commit the file.")
endif()
message(STATUS "${name}: every string is translated")
