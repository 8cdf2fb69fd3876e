# The operators page generator, given the toy .def besides petite's, lists the toy operator.
execute_process(COMMAND ${PYTHON} ${ROOT}/scripts/supported_ops.py --models-dir ${MODELS} --defs ${DEFS} --out ${OUT}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "supported_ops.py failed (${rc}):\n${out}${err}")
endif()
file(READ ${OUT} page)
if(NOT page MATCHES "petite_test::double\\.out")
  message(FATAL_ERROR "${OUT} does not list petite_test::double.out")
endif()
message("operators page generated with the toy kernel: ${OUT}")
