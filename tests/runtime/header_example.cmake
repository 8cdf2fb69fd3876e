# Writes the usage example of runtime/include/petite.h (between "example-begin" and
# "example-end") into a C file that test_header_example.c includes as a function body, so the
# header's example is compiled and run exactly as printed. Fails if the markers are missing.
file(READ ${HEADER} text)
string(FIND "${text}" "example-begin\n" begin)
string(FIND "${text}" " * example-end" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "${HEADER}: no example-begin/example-end block")
endif()
math(EXPR begin "${begin} + 14")
math(EXPR len "${end} - ${begin}")
string(SUBSTRING "${text}" ${begin} ${len} body)
string(REGEX REPLACE "(^|\n) \\* ?" "\\1" body "${body}")
file(WRITE ${OUT} "/* Generated from ${HEADER}: do not edit. */\n${body}")
