# Kassa — the two commands: `make run` and `make test`. Everything else is a helper.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB         ?= kassa.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all build run test unit e2e compat browser fuzz fuzz-smoke bench bench-leads deps clean format

all: build

# `make` builds build/kassa (release with debug info).
build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKS_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target kassa

deps:
	@scripts/deps.sh all

# Installs what is missing, builds, creates the demo vendor on first use, and serves.
run:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build
	@scripts/run.sh $(BUILD)/kassa $(DB) $(LISTEN)

# Installs what is missing, builds with ASan+UBSan, and runs every suite.
test:
	@scripts/deps.sh test
	@scripts/test.sh

unit:
	@scripts/test.sh unit
e2e:
	@scripts/test.sh e2e
compat:
	@scripts/test.sh compat
browser:
	@scripts/test.sh browser
fuzz-smoke:
	@scripts/test.sh fuzz

# Runs every fuzz target for FUZZ_SECONDS (default 60) each.
fuzz:
	@scripts/deps.sh test
	@scripts/fuzz.sh $(FUZZ_BUILD) $${FUZZ_SECONDS:-60}

# Figures, not tests (bench/README.md): Kassa against nginx, and lead search on 1,000,000 leads.
bench:
	@scripts/deps.sh all
	@$(MAKE) --no-print-directory build
	@bench/run.sh $(BUILD)/kassa

bench-leads:
	@scripts/deps.sh all
	@$(MAKE) --no-print-directory build
	@bench/leads_search.sh $(BUILD)/kassa

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'fuzz/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
