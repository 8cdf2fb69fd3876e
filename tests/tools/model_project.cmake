# Configures and builds tests/tools/model_project with one model, then checks the outcome.
#   cmake -DPETITE_ROOT=.. -DPETITE_HOST_TOOLS=<dir of petite> -DPTE=model.pte -DWORK=dir
#         -DEXPECT=build_ok|build_fails [-DERROR=regex] -P model_project.cmake
if(NOT EXISTS "${PTE}")
  message(FATAL_ERROR "missing ${PTE}: run make models (or set PETITE_MODELS_DIR)")
endif()
file(REMOVE_RECURSE "${WORK}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${PETITE_ROOT}/tests/tools/model_project -B ${WORK}
          -DPETITE_ROOT=${PETITE_ROOT} -DPETITE_HOST_TOOLS=${PETITE_HOST_TOOLS} -DPTE=${PTE}
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
  if(NOT "${out}${err}" MATCHES "${ERROR}")
    message(FATAL_ERROR "the build failed without saying: ${ERROR}")
  endif()
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the build failed")
  endif()
  execute_process(COMMAND ${WORK}/app RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  message("${out}")
  if(NOT rc EQUAL 0 OR NOT out MATCHES "kernels selected")
    message(FATAL_ERROR "app failed: ${rc}")
  endif()
endif()
