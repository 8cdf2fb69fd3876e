# Runs one command and checks its exit status and output: a ctest driver.
#   cmake -DCMD="a|b|c" [-DEXIT=0|nonzero] [-DSTDOUT=regex] [-DSTDERR=regex]
#         [-DREQUIRE="file|file"] [-DFILE=path -DCONTENT=regex] -P expect.cmake
# Arguments are separated by "|". Files in REQUIRE must exist: a missing model is a
# failure that says how to make it, never a skip. FILE, written by the command, must match CONTENT.
string(REPLACE "|" ";" cmd "${CMD}")
string(REPLACE "|" ";" required "${REQUIRE}")
foreach(f IN LISTS required)
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "missing ${f}: run make models (or set PETITE_MODELS_DIR)")
  endif()
endforeach()
if(NOT DEFINED EXIT)
  set(EXIT 0)
endif()

execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("$ ${cmd}\n-- exit ${rc}\n-- stdout:\n${out}-- stderr:\n${err}")

if(EXIT STREQUAL "nonzero")
  if(rc EQUAL 0 OR NOT rc MATCHES "^[0-9]+$")
    message(FATAL_ERROR "expected a non-zero exit status, got ${rc}")
  endif()
elseif(NOT rc STREQUAL "${EXIT}")
  message(FATAL_ERROR "expected exit status ${EXIT}, got ${rc}")
endif()
if(DEFINED STDOUT AND NOT out MATCHES "${STDOUT}")
  message(FATAL_ERROR "stdout does not match: ${STDOUT}")
endif()
if(DEFINED STDERR AND NOT err MATCHES "${STDERR}")
  message(FATAL_ERROR "stderr does not match: ${STDERR}")
endif()
if(DEFINED FILE)
  file(READ "${FILE}" content)
  message("-- ${FILE}:\n${content}")
  if(NOT content MATCHES "${CONTENT}")
    message(FATAL_ERROR "${FILE} does not match: ${CONTENT}")
  endif()
endif()
