# Gazette's front door. Meson and Ninja do the building; these targets only
# make sure the machine has what it needs and run things in the right order.
#
#   make run     install what is missing, build, load the demo, serve on :8080
#   make check   install what is missing, build, run every test

BUILD      ?= build
ASAN_BUILD ?= build-asan
STORE      ?= sqlite:var/gazette.db
SAMPLES    ?= $(wildcard ../shared/samples/*.txt)
DEMO       ?= $(wildcard demo/*.txt)
GAZETTE    := $(BUILD)/gazette

.PHONY: all deps build check unit asan e2e run demo format clean bench bench-search

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dtest_hooks=true

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dtest_hooks=true

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

unit: build
	meson test -C $(BUILD) --print-errorlogs

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C $(ASAN_BUILD) --print-errorlogs

e2e: build node_modules/.package-lock.json
	GAZETTE_BIN=$(abspath $(GAZETTE)) GAZETTE_BUILD=$(abspath $(BUILD)) \
		node --test --test-concurrency=1 tests/e2e/

check: unit asan e2e

demo: build
	$(GAZETTE) init --store $(STORE)
	$(GAZETTE) import --store $(STORE) $(SAMPLES) $(DEMO)

run: demo
	$(GAZETTE) serve --store $(STORE)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Benchmarks: never part of `make check`; they print figures and ratios
# and write bench/RESULTS.md.
bench: deps
	bash bench/run.sh

# Search on a generated archive of a million articles: index build time,
# size and query latency; writes the Search section of bench/RESULTS.md.
bench-search: deps
	bash bench/search.sh
