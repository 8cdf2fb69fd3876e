# petite_add_model(<target> <model.pte> [NAME <c_name>])
#
# Embeds an ExecuTorch program in a firmware target, for host and cross builds alike:
#   - <c_name>.c/.h: the program as a 16-aligned C array (`petite header`), which the
#     firmware passes to pt_program_load() and runs in place from flash;
#   - once per target, a selective kernel table `pt_selected_kernels` (`petite ops --table`)
#     over every model added to that target, so the firmware links only the kernels its
#     models use. A model that needs an operator petite has no kernel for fails the BUILD,
#     with the operator and the model named. Where a variant of a kernel (kernels/
#     kernel_variants.def) binds every call of the models, the table links that variant
#     instead: a float32 model carries no integer relu, an nn.Linear no scaled addmm.
#     PETITE_FULL_KERNELS=ON links the full kernels.
#   - links petite_runtime and petite_kernels.
# <c_name> defaults to the file name without extension, made a C identifier.
#
# petite_add_model(<target> <model.pte> [NAME <c_name>] [BOARD <board>] [FIT_OPTIONS <opts>...])
#   BOARD (or the cache variable PETITE_FIT_BOARD) runs `petite fit` over every model of the
#   target at build time, and FAILS the build with its DOES NOT FIT report when the models do
#   not fit the board's flash and SRAM: pico2w, pico2, stm32h7, esp32s3, or custom with
#   FIT_OPTIONS --flash <bytes> --sram <bytes>. FIT_OPTIONS pass on to `petite fit`
#   (--stack, --app-flash, --app-sram...). The report is printed in the build log.
#
# The `petite` tool: the `petite` target in a host build of petite itself; otherwise (cross
# builds, other projects) ${PETITE_HOST_TOOLS}/petite, built beforehand by `make host`.
include_guard(GLOBAL)

set(PETITE_HOST_TOOLS "${PETITE_HOST_TOOLS}" CACHE PATH "Directory holding a host-built `petite` tool (cross builds)")
option(PETITE_FULL_KERNELS "Selective kernel tables link full kernels, never their variants" OFF)
set(PETITE_FIT_BOARD "" CACHE STRING "Board petite_add_model checks models against with `petite fit` (empty: no check)")

function(_petite_tool out_cmd out_dep)
  if(TARGET petite AND NOT CMAKE_CROSSCOMPILING)
    set(${out_cmd} $<TARGET_FILE:petite> PARENT_SCOPE)
    set(${out_dep} petite PARENT_SCOPE)
  elseif(PETITE_HOST_TOOLS AND EXISTS "${PETITE_HOST_TOOLS}/petite")
    set(${out_cmd} "${PETITE_HOST_TOOLS}/petite" PARENT_SCOPE)
    set(${out_dep} "${PETITE_HOST_TOOLS}/petite" PARENT_SCOPE)
  else()
    message(FATAL_ERROR "petite_add_model: no host `petite` tool: this build has no `petite` "
      "target (a cross build, or petite_add_model called before tools/ was added) and "
      "PETITE_HOST_TOOLS=\"${PETITE_HOST_TOOLS}\" holds none. Build the host tools first "
      "(`make host`) and configure with -DPETITE_HOST_TOOLS=<host build>/tools.")
  endif()
endfunction()

function(petite_add_model target pte)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "NAME;BOARD" "FIT_OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "petite_add_model: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "petite_add_model: no target named ${target}")
  endif()
  get_filename_component(pte "${pte}" ABSOLUTE)
  if(ARG_NAME)
    set(name "${ARG_NAME}")
  else()
    get_filename_component(name "${pte}" NAME_WE)
    string(MAKE_C_IDENTIFIER "${name}" name)
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "petite_add_model: NAME \"${name}\" is not a C identifier")
  endif()
  _petite_tool(tool tool_dep)

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/petite_gen/${target}")
  add_custom_command(
    OUTPUT "${dir}/${name}.c" "${dir}/${name}.h"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
    COMMAND ${tool} header "${pte}" --name ${name} -o "${dir}/${name}.c"
    DEPENDS "${pte}" ${tool_dep}
    COMMENT "petite header: embedding ${name} from ${pte}"
    VERBATIM)
  target_sources(${target} PRIVATE "${dir}/${name}.c" "${dir}/${name}.h")
  target_include_directories(${target} PRIVATE "${dir}")

  # The selective table covers every model of the target: the list lives in a target
  # property that later calls extend, and the one command reads it at generate time.
  set_property(TARGET ${target} APPEND PROPERTY PETITE_MODELS "${pte}")
  get_property(has_table TARGET ${target} PROPERTY PETITE_KERNEL_TABLE SET)
  if(NOT has_table)
    set(table "${dir}/petite_selected_kernels.c")
    set_property(TARGET ${target} PROPERTY PETITE_KERNEL_TABLE "${table}")
    set(models "$<TARGET_PROPERTY:${target},PETITE_MODELS>")
    set(full_kernels)
    if(PETITE_FULL_KERNELS)
      set(full_kernels --full-kernels)
    endif()
    add_custom_command(
      OUTPUT "${table}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND ${tool} ops ${models} --table "${table}" ${full_kernels}
      DEPENDS ${models} ${tool_dep}
      COMMAND_EXPAND_LISTS
      COMMENT "petite ops: selective kernel table for ${target}"
      VERBATIM)
    target_sources(${target} PRIVATE "${table}")
    target_link_libraries(${target} PRIVATE petite_runtime petite_kernels)
  endif()

  # The fit check, once per target, over every model of the target (like the table).
  set(board "${ARG_BOARD}")
  if(NOT board)
    set(board "${PETITE_FIT_BOARD}")
  endif()
  if(NOT board AND ARG_FIT_OPTIONS)
    message(FATAL_ERROR "petite_add_model: FIT_OPTIONS without BOARD (or PETITE_FIT_BOARD)")
  endif()
  get_property(fit_board TARGET ${target} PROPERTY PETITE_FIT_BOARD)
  if(board AND fit_board AND NOT board STREQUAL fit_board)
    message(FATAL_ERROR "petite_add_model: ${target} is checked against board ${fit_board}; "
      "BOARD ${board} given for ${pte}")
  endif()
  if(board AND NOT fit_board)
    set_property(TARGET ${target} PROPERTY PETITE_FIT_BOARD "${board}")
    set(report "${dir}/fit.stamp")
    set(models "$<TARGET_PROPERTY:${target},PETITE_MODELS>")
    # petite fit exits 1 with DOES NOT FIT: the build stops there, its report in the log.
    add_custom_command(
      OUTPUT "${report}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND ${CMAKE_COMMAND} -E rm -f "${report}"
      COMMAND ${tool} fit ${models} --board ${board} ${ARG_FIT_OPTIONS}
      COMMAND ${CMAKE_COMMAND} -E touch "${report}"
      DEPENDS ${models} ${tool_dep}
      COMMAND_EXPAND_LISTS
      COMMENT "petite fit: do ${target}'s models fit ${board}?"
      VERBATIM)
    target_sources(${target} PRIVATE "${report}")
  endif()
endfunction()
