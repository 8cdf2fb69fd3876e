# Cross toolchain for the emulated RV32 core (QEMU virt), standing in for the RP2350's Hazard3:
# RV32IMAC, soft-float. Debian ships no RISC-V libc, so firmware links only libgcc (soft-float
# and 64-bit helpers); the board-common file provides memcpy and friends.
# -O2 for the same reason as the M33 build: instructions per inference are what we measure.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE riscv64-unknown-elf-size CACHE FILEPATH "")
set(CMAKE_NM riscv64-unknown-elf-nm CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(PETITE_CPU_FLAGS "-march=rv32imac_zicsr -mabi=ilp32")
execute_process(
  COMMAND ${CMAKE_C_COMPILER} -march=rv32imac -mabi=ilp32 -print-libgcc-file-name
  OUTPUT_VARIABLE PETITE_LIBGCC OUTPUT_STRIP_TRAILING_WHITESPACE)
# No libm: firmware/boards/common/include/math.h only DECLARES the math functions, so kernels
# compile and a kernel that needs one fails at link naming it. Don't link `m` when this is set.
set(PETITE_NO_LIBM ON)
# No libc headers either: string.h comes from the firmware's minimal one.
get_filename_component(PETITE_MIN_LIBC_INCLUDE "${CMAKE_CURRENT_LIST_DIR}/../firmware/boards/common/include" ABSOLUTE)
set(CMAKE_C_FLAGS_INIT "${PETITE_CPU_FLAGS} -isystem ${PETITE_MIN_LIBC_INCLUDE} -O2 -ffreestanding -ffunction-sections -fdata-sections -mcmodel=medany")
set(CMAKE_ASM_FLAGS_INIT "${PETITE_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${PETITE_CPU_FLAGS} -nostdlib -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
