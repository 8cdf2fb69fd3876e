# petite: the two commands are `make demo` and `make test`. Both set up what they need.
SHELL := /bin/bash
# The venv and the build directory may live anywhere (CI checks both outside the checkout):
#   make test VENV=/somewhere/venv BUILD=/elsewhere/build    (or PETITE_VENV=... in the environment)
VENV  ?= $(or $(PETITE_VENV),$(CURDIR)/.venv)
override VENV := $(abspath $(VENV))
PY    := $(VENV)/bin/python
BUILD ?= $(CURDIR)/build
override BUILD := $(abspath $(BUILD))
MODELS := $(BUILD)/models
JOBS  ?= $(shell nproc)

.PHONY: all setup models host m33 rv32 pico2w firmware demo test test-c test-py clean help bench fit-sizes

help:
	@echo "make demo   - set up, train, export, build and run the sine demo on an emulated Cortex-M33"
	@echo "make test   - set up and run every test (C under ASan/UBSan, emulators, Python)"
	@echo "make bench  - measure speed and size on the emulated M33 and the host: bench/RESULTS.md"
	@echo "make clean  - remove build/ (keeps .venv)"

setup:
	@PETITE_VENV=$(VENV) scripts/setup.sh

# Export the sine model from the shipped trained weights (python/petite/sine_weights.json) + its
# reference vectors, then the zoo and the int8 models.
models: setup
	@$(PY) -m petite.export --out-dir $(MODELS)
	@$(PY) -m petite.zoo --out-dir $(MODELS) --quiet
	@$(PY) -m petite.quant --out-dir $(MODELS) --quiet

host: models
	@cmake -S . -B $(BUILD)/host -DPETITE_SANITIZE=ON -DPETITE_MODELS_DIR=$(MODELS) -DPETITE_PYTHON=$(PY) >/dev/null
	@cmake --build $(BUILD)/host -j $(JOBS)

m33: host
	@cmake -S . -B $(BUILD)/m33 -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/toolchain-m33.cmake \
	  -DPETITE_BOARD=qemu-m33 -DPETITE_HOST_TOOLS=$(BUILD)/host/tools -DPETITE_MODELS_DIR=$(MODELS) \
	  -DPETITE_PYTHON=$(PY) >/dev/null
	@cmake --build $(BUILD)/m33 -j $(JOBS)

rv32: host
	@cmake -S . -B $(BUILD)/rv32 -DCMAKE_TOOLCHAIN_FILE=$(CURDIR)/cmake/toolchain-rv32.cmake \
	  -DPETITE_BOARD=qemu-rv32 -DPETITE_HOST_TOOLS=$(BUILD)/host/tools -DPETITE_MODELS_DIR=$(MODELS) \
	  -DPETITE_PYTHON=$(PY) >/dev/null
	@cmake --build $(BUILD)/rv32 -j $(JOBS)

pico2w: host
	@scripts/build-pico2w.sh $(BUILD) $(MODELS)

firmware: m33 rv32 pico2w

demo: firmware
	@$(PY) -m petite.demo --build $(BUILD)

test-c: firmware
	@cd $(BUILD)/host && ctest --output-on-failure -j $(JOBS)

test-py: firmware
	@PETITE_BUILD=$(BUILD) $(PY) -m pytest -q tests/python

test: test-c test-py

# Exact M33 instruction counts, the hand-written floors, flash/RAM, callgrind: bench/RESULTS.md.
bench: host
	@$(PY) bench/run.py --build $(BUILD)

# tools/fit_sizes.h (petite fit's estimates), measured again from the M33 build; a test fails
# when the sources it was measured from have changed.
fit-sizes: m33
	@$(PY) tools/fit_measure.py --build $(BUILD)/m33 --out tools/fit_sizes.h

clean:
	rm -rf $(BUILD)
