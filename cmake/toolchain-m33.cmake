# Cross toolchain for the emulated Cortex-M33 (QEMU mps2-an505) and other bare-metal M33s.
# -O2, not -Os: the demo and the benchmarks measure instructions per inference, and on a
# 4 MB-flash part the few hundred bytes -Os saves are not worth the slower loops.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
set(CMAKE_NM arm-none-eabi-nm CACHE FILEPATH "")
# The compiler cannot link a program without a board's startup code: test-compile libraries.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(PETITE_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16")
# Firmware links with -nostdlib: only libgcc, for the helpers the compiler calls (double, 64-bit).
separate_arguments(PETITE_CPU_FLAGS_LIST UNIX_COMMAND "${PETITE_CPU_FLAGS}")
execute_process(
  COMMAND ${CMAKE_C_COMPILER} ${PETITE_CPU_FLAGS_LIST} -print-libgcc-file-name
  OUTPUT_VARIABLE PETITE_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
set(CMAKE_C_FLAGS_INIT "${PETITE_CPU_FLAGS} -O2 -ffreestanding -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${PETITE_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${PETITE_CPU_FLAGS} -nostdlib -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
