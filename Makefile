# Thin wrapper over CMake: `make demo`, `make test`, `make bench`.
BUILD ?= build
JOBS ?= $(shell nproc)
DRIFTGATE = $(BUILD)/src/driftgate

.PHONY: all deps configure build build-all demo test bench fuzz deb clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

# The driftgate binary only: what `make demo` and the GitHub Action need.
build: configure
	@cmake --build $(BUILD) --target driftgate -j $(JOBS)

# The binary, the tests, the sanitized fuzz drivers and the benches.
build-all: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(DRIFTGATE)

test: build-all
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@cmake --build $(BUILD) --target bench-tools -j $(JOBS)
	@bench/run.sh $(BUILD)

# The datamodel parser and the lint pipeline under AddressSanitizer and UBSan, on their seeds
# and a fixed number of mutations (tests/fuzz; also part of `make test`).
fuzz: build-all
	@cd $(BUILD) && ctest --output-on-failure -R '^fuzz/'

# A Debian package of the binary, its man page and the rule docs: $(BUILD)/driftgate_<version>_<arch>.deb
deb: build
	@cmake --build $(BUILD) --target manpage -j $(JOBS)
	@cd $(BUILD) && cpack -G DEB >/dev/null && ls -1 $(CURDIR)/$(BUILD)/driftgate_*.deb

clean:
	rm -rf $(BUILD)
