# A test that always fails, naming an input that was missing when the build was configured:
# tests are added even when their inputs are missing, so that they fail instead of vanishing.
#   cmake -DFILE=<path> -DFOR=<what needs it> -P missing_input.cmake
message(FATAL_ERROR "${FILE} was missing when this build was configured (${FOR} needs it): "
                    "run `make models`, then configure again (make does both)")
