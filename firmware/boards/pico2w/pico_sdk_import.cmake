# Locates the Raspberry Pi Pico SDK and loads it. Include this before project().
# The SDK's location comes from -DPICO_SDK_PATH=... or the PICO_SDK_PATH environment variable;
# petite never downloads the SDK itself (see the README's "flash a real board" section).

if(NOT PICO_SDK_PATH AND DEFINED ENV{PICO_SDK_PATH})
  set(PICO_SDK_PATH "$ENV{PICO_SDK_PATH}")
endif()
if(NOT PICO_SDK_PATH)
  message(FATAL_ERROR "pico2w: PICO_SDK_PATH is not set: point it at a Pico SDK 2.2.0 checkout "
                      "(with lib/tinyusb and lib/cyw43-driver present)")
endif()

get_filename_component(PICO_SDK_PATH "${PICO_SDK_PATH}" REALPATH BASE_DIR "${CMAKE_BINARY_DIR}")
if(NOT EXISTS "${PICO_SDK_PATH}/pico_sdk_init.cmake")
  message(FATAL_ERROR "pico2w: PICO_SDK_PATH=${PICO_SDK_PATH} does not hold a Pico SDK "
                      "(no pico_sdk_init.cmake there)")
endif()
set(PICO_SDK_PATH "${PICO_SDK_PATH}" CACHE PATH "Raspberry Pi Pico SDK" FORCE)

include("${PICO_SDK_PATH}/pico_sdk_init.cmake")
