# Builds the conformance firmware (firmware/conformance) for one emulated board with only the
# int8 models embedded, runs it under QEMU, and requires every model bit-exact: max_abs=0.
#   cmake -DPETITE_ROOT=.. -DPETITE_HOST_TOOLS=<dir of petite> -DMODELS_DIR=.. -DBOARD=qemu-m33|qemu-rv32
#         -DMODELS=a,b -DWORK=dir -P firmware_int8.cmake
# The M33 image runs the DSP (SMLAD) paths, the RV32 image the portable C loops.
string(REPLACE "," ";" MODELS "${MODELS}")
foreach(m IN LISTS MODELS)
  if(NOT EXISTS "${MODELS_DIR}/${m}.pte" OR NOT EXISTS "${MODELS_DIR}/${m}.ptv")
    message(FATAL_ERROR "missing ${MODELS_DIR}/${m}.pte/.ptv: run make models")
  endif()
endforeach()
if(BOARD STREQUAL "qemu-m33")
  set(toolchain ${PETITE_ROOT}/cmake/toolchain-m33.cmake)
  set(qemu qemu-system-arm -M mps2-an505 -semihosting-config enable=on,target=native)
elseif(BOARD STREQUAL "qemu-rv32")
  set(toolchain ${PETITE_ROOT}/cmake/toolchain-rv32.cmake)
  set(qemu qemu-system-riscv32 -M virt -bios none -cpu rv32,f=false,d=false,h=false,s=false,zbkb=true)
else()
  message(FATAL_ERROR "BOARD=${BOARD}: want qemu-m33 or qemu-rv32")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${PETITE_ROOT} -B ${WORK} -DCMAKE_TOOLCHAIN_FILE=${toolchain}
          -DPETITE_BOARD=${BOARD} -DPETITE_HOST_TOOLS=${PETITE_HOST_TOOLS}
          -DPETITE_MODELS_DIR=${MODELS_DIR} "-DPETITE_CONFORMANCE_MODELS=${MODELS}"
          "-DPETITE_CONFORMANCE_ONLY=${MODELS}" --no-warn-unused-cli
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configure for ${BOARD} failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} --target petite_conformance
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "build for ${BOARD} failed:\n${out}\n${err}")
endif()
execute_process(COMMAND timeout 300 ${qemu} -display none -serial stdio
                        -kernel ${WORK}/firmware/petite_conformance.elf
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT out MATCHES "\nDONE\n")
  message(FATAL_ERROR "${BOARD}: no DONE line (exit ${rc}):\n${err}")
endif()
foreach(m IN LISTS MODELS)
  if(NOT out MATCHES "MODEL ${m} cases=[1-9][0-9]* max_abs=0 max_rel=0 OK")
    message(FATAL_ERROR "${BOARD}: ${m} is not bit-exact (or did not run)")
  endif()
  # The host's `petite fit` must state this device's RAM exactly: metadata and arena on
  # every 32-bit board, kernel scratch on the M33 (fit sizes it for the DSP paths, which
  # only the M33 image runs; RV32's portable paths need no more than that).
  execute_process(COMMAND ${PETITE_HOST_TOOLS}/petite fit ${MODELS_DIR}/${m}.pte --board pico2w --json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE fit)
  if(NOT out MATCHES "PLAN ${m} metadata=([0-9]+) arena=([0-9]+) scratch=([0-9]+)")
    message(FATAL_ERROR "${BOARD}: no PLAN line for ${m}")
  endif()
  set(dev_meta ${CMAKE_MATCH_1})
  set(dev_arena ${CMAKE_MATCH_2})
  set(dev_scratch ${CMAKE_MATCH_3})
  string(JSON fit_meta GET "${fit}" models 0 metadata)
  string(JSON fit_arena GET "${fit}" models 0 arena)
  string(JSON fit_scratch GET "${fit}" models 0 scratch)
  if(NOT fit_meta EQUAL dev_meta OR NOT fit_arena EQUAL dev_arena)
    message(FATAL_ERROR "${BOARD} ${m}: petite fit says metadata ${fit_meta} arena ${fit_arena}, "
                        "the device needs ${dev_meta} and ${dev_arena}")
  endif()
  if((BOARD STREQUAL "qemu-m33" AND NOT fit_scratch EQUAL dev_scratch) OR dev_scratch GREATER fit_scratch)
    message(FATAL_ERROR "${BOARD} ${m}: petite fit says scratch ${fit_scratch}, the device needs ${dev_scratch}")
  endif()
  message("${BOARD} ${m}: petite fit = device: metadata ${dev_meta}, arena ${dev_arena}, scratch ${fit_scratch} (device ${dev_scratch})")
endforeach()
