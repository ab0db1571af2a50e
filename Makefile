# Thin wrapper over CMake: `make demo`, `make test`, `make bench`.
BUILD ?= build
JOBS ?= $(shell nproc)
DRIFTGATE = $(BUILD)/src/driftgate

.PHONY: all deps build demo test bench fuzz clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(DRIFTGATE)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@cmake --build $(BUILD) --target bench-tools -j $(JOBS)
	@bench/run.sh $(BUILD)

# The datamodel parser and the lint pipeline under AddressSanitizer and UBSan, on their seeds
# and a fixed number of mutations (tests/fuzz; also part of `make test`).
fuzz: build
	@cd $(BUILD) && ctest --output-on-failure -R '^fuzz/'

clean:
	rm -rf $(BUILD)
