# Configures and builds tests/readme/fit_project with one model and a board, then checks the
# build passed or failed, and what it said.
#   cmake -DPETITE_ROOT=.. -DPETITE_HOST_TOOLS=<dir of petite> -DPTE=model.pte -DWORK=dir
#         [-DBOARD=b] [-DFIT_OPTIONS="--flash 64K ..."] [-DCACHE_BOARD=b]
#         -DEXPECT=build_ok|build_fails -DSAYS=regex -P fit_project.cmake
if(NOT EXISTS "${PTE}")
  message(FATAL_ERROR "missing ${PTE}: run make models (or set PETITE_MODELS_DIR)")
endif()
file(REMOVE_RECURSE "${WORK}")
set(defs -DPETITE_ROOT=${PETITE_ROOT} -DPETITE_HOST_TOOLS=${PETITE_HOST_TOOLS} -DPTE=${PTE})
if(BOARD)
  list(APPEND defs -DBOARD=${BOARD} "-DFIT_OPTIONS=${FIT_OPTIONS}")
endif()
if(CACHE_BOARD)
  list(APPEND defs -DPETITE_FIT_BOARD=${CACHE_BOARD})
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${PETITE_ROOT}/tests/readme/fit_project -B ${WORK} ${defs}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("build exit ${rc}\n${out}\n${err}")
if(EXPECT STREQUAL "build_fails")
  if(rc EQUAL 0)
    message(FATAL_ERROR "the build succeeded; it should have failed")
  endif()
  if(EXISTS ${WORK}/app)
    message(FATAL_ERROR "the app was linked although the model does not fit")
  endif()
elseif(NOT rc EQUAL 0)
  message(FATAL_ERROR "the build failed")
endif()
# A build that passed made the application of the README: it must run the model.
if(EXPECT STREQUAL "build_ok")
  execute_process(COMMAND ${WORK}/app RESULT_VARIABLE rc OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
  message("app exit ${rc}: ${run_out}${run_err}")
  if(NOT rc EQUAL 0 OR NOT run_out MATCHES "^model: [0-9]+ bytes, RAM [0-9]+ B; output 0: float32\\[[0-9]+\\]")
    message(FATAL_ERROR "the app did not run the model")
  endif()
endif()
if(NOT "${out}${err}" MATCHES "${SAYS}")
  message(FATAL_ERROR "the build did not say: ${SAYS}")
endif()
