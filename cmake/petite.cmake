# petite_add_model(<target> <model.pte> [NAME <c_name>])
#
# Embeds an ExecuTorch program in a firmware target, for host and cross builds alike:
#   - <c_name>.c/.h: the program as a 16-aligned C array (`petite header`), which the
#     firmware passes to pt_program_load() and runs in place from flash;
#   - once per target, a selective kernel table `pt_selected_kernels` (`petite ops --table`)
#     over every model added to that target, so the firmware links only the kernels its
#     models use. A model that needs an operator petite has no kernel for fails the BUILD,
#     with the operator and the model named.
#   - links petite_runtime and petite_kernels.
# <c_name> defaults to the file name without extension, made a C identifier.
#
# The `petite` tool: the `petite` target in a host build of petite itself; otherwise (cross
# builds, other projects) ${PETITE_HOST_TOOLS}/petite, built beforehand by `make host`.
include_guard(GLOBAL)

set(PETITE_HOST_TOOLS "${PETITE_HOST_TOOLS}" CACHE PATH "Directory holding a host-built `petite` tool (cross builds)")

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
  cmake_parse_arguments(PARSE_ARGV 2 ARG "" "NAME" "")
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
    add_custom_command(
      OUTPUT "${table}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND ${tool} ops ${models} --table "${table}"
      DEPENDS ${models} ${tool_dep}
      COMMAND_EXPAND_LISTS
      COMMENT "petite ops: selective kernel table for ${target}"
      VERBATIM)
    target_sources(${target} PRIVATE "${table}")
    target_link_libraries(${target} PRIVATE petite_runtime petite_kernels)
  endif()
endfunction()
