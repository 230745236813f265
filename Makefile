# Gazette's front door. Meson and Ninja do the building; these targets only
# make sure the machine has what it needs and run things in the right order.
#
#   make run     install what is missing, build, load the demo, serve on :8080
#   make check   install what is missing, build, run every test on SQLite,
#                then the unit and end-to-end tests again on PostgreSQL

BUILD      ?= build
ASAN_BUILD ?= build-asan
STORE      ?= sqlite:var/gazette.db
SAMPLES    ?= $(wildcard ../shared/samples/*.txt)
DEMO       ?= $(wildcard demo/*.txt)
GAZETTE    := $(BUILD)/gazette

# The SQLite half of the tests runs on SQLite whatever the shell says;
# scripts/with-pg.sh sets GAZETTE_TEST_PG for the PostgreSQL half.
unexport GAZETTE_TEST_PG

.PHONY: all deps build check unit asan e2e check-pg unit-pg asan-pg e2e-pg run demo format \
	clean bench bench-search bench-media

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

UNIT_TESTS = meson test -C $(BUILD) --print-errorlogs
E2E_TESTS  = env GAZETTE_BIN=$(abspath $(GAZETTE)) GAZETTE_BUILD=$(abspath $(BUILD)) \
	node --test --test-concurrency=1 tests/e2e/

unit: build
	$(UNIT_TESTS)

ASAN_TESTS = env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C $(ASAN_BUILD) --print-errorlogs

asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	$(ASAN_TESTS)

e2e: build node_modules/.package-lock.json
	$(E2E_TESTS)

# The same tests on PostgreSQL, each run beside a throwaway cluster of its
# own (scripts/with-pg.sh sets GAZETTE_TEST_PG; the Debian package that
# `deps` installs provides the server).
unit-pg: build
	bash scripts/with-pg.sh $(UNIT_TESTS)

asan-pg: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	bash scripts/with-pg.sh $(ASAN_TESTS)

e2e-pg: build node_modules/.package-lock.json
	bash scripts/with-pg.sh $(E2E_TESTS)

check-pg: unit-pg asan-pg e2e-pg

check: unit asan e2e check-pg

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

# The same archive on SQLite and on a throwaway PostgreSQL cluster: the
# uncached and cached article page and the search mix, side by side;
# writes the PostgreSQL section of bench/RESULTS.md.
.PHONY: bench-pg
bench-pg: deps
	bash bench/pg.sh

# Every declared derivative of a 24-megapixel JPEG, made by Gazette and by
# Debian's vipsthumbnail in the same run: time and peak memory of each.
bench-media: deps
	bash bench/media.sh

# A flood of 100,000 made-up query strings against the home page (and of
# made-up searches) beside a reader of one article: the reader's requests/s
# with and without it, and the cache's entries before and after; writes the
# Flood section of bench/RESULTS.md.
.PHONY: bench-flood
bench-flood: deps
	bash bench/flood.sh
