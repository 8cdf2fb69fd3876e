# cmake -DIN=model.pte -DNAME=sine_model -DOUT_DIR=dir [-DCORRUPT=ON] -P embed_pte.cmake
# Writes <OUT_DIR>/<NAME>.c and <NAME>.h: the .pte as an aligned(16) const array in
# .rodata.petite.<NAME>, like `petite header` does. CORRUPT=ON flips the high three bytes of
# the root-table offset (bytes 1..3 of the file): the firmware must then refuse to load it.
# Used for the corrupted-model firmware (and where the host `petite` tool is not built).
foreach(v IN ITEMS IN NAME OUT_DIR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "embed_pte.cmake: -D${v}= is required")
  endif()
endforeach()
if(NOT EXISTS "${IN}")
  message(FATAL_ERROR "embed_pte.cmake: ${IN} does not exist (run `make models`)")
endif()
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" nhex)
math(EXPR size "${nhex} / 2")
if(CORRUPT)
  if(size LESS 8)
    message(FATAL_ERROR "embed_pte.cmake: ${IN} is too small to corrupt (${size} bytes)")
  endif()
  string(SUBSTRING "${hex}" 0 2 head)
  string(SUBSTRING "${hex}" 8 -1 tail)
  set(mid "")
  foreach(pos 2 4 6)
    string(SUBSTRING "${hex}" ${pos} 2 byte)
    math(EXPR flipped "0x${byte} ^ 0xff" OUTPUT_FORMAT HEXADECIMAL)
    string(SUBSTRING "${flipped}" 2 -1 flipped)
    string(LENGTH "${flipped}" flen)
    if(flen EQUAL 1)
      set(flipped "0${flipped}")
    endif()
    string(APPEND mid "${flipped}")
  endforeach()
  set(hex "${head}${mid}${tail}")
endif()
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REPEAT "0x..," 16 row) # CMake regexes have no {16}
string(REGEX REPLACE "(${row})" "\\1\n  " bytes "${bytes}")
get_filename_component(src_name "${IN}" NAME)
set(note "")
if(CORRUPT)
  set(note " (CORRUPTED on purpose: root offset bytes flipped)")
endif()
file(WRITE "${OUT_DIR}/${NAME}.h.tmp"
"/* Generated from ${src_name} by firmware/cmake/embed_pte.cmake. Do not edit. */
#ifndef PETITE_MODEL_${NAME}_H
#define PETITE_MODEL_${NAME}_H
#include <stddef.h>
#include <stdint.h>
extern const uint8_t ${NAME}[];
extern const size_t ${NAME}_size;
#endif
")
file(WRITE "${OUT_DIR}/${NAME}.c.tmp"
"/* Generated from ${src_name}${note} by firmware/cmake/embed_pte.cmake. Do not edit. */
#include \"${NAME}.h\"
__attribute__((aligned(16), section(\".rodata.petite.${NAME}\")))
const uint8_t ${NAME}[${size}] = {
  ${bytes}
};
const size_t ${NAME}_size = ${size};
")
foreach(ext h c)
  file(COPY_FILE "${OUT_DIR}/${NAME}.${ext}.tmp" "${OUT_DIR}/${NAME}.${ext}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUT_DIR}/${NAME}.${ext}.tmp")
endforeach()
