# thidua — build, run and test. The README's quick start is `make run` and
# `make test`; both install what is missing first (scripts/deps.sh).

SHELL   := /bin/bash
CC      ?= gcc
include mk/packages.mk
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wformat=2 -Wno-format-nonliteral -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
           -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lcsv -lpthread -lm

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined

SRC_ALL := $(sort $(wildcard src/*.c src/*/*.c))
SRC_LIB := $(filter-out src/main.c,$(SRC_ALL))
WEB     := $(sort $(wildcard src/web/*.html src/web/*.js src/web/*.css src/web/*.svg))
SQL     := $(sort $(wildcard src/store/migrations/*/*.sql))
RULES   := $(sort $(wildcard data/rule_sets/*.json))
GEN     := build/gen/web_assets.c build/gen/sql_migrations.c build/gen/rule_set_files.c

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))

BIN      := build/thidua
SAN_BIN  := build/san/thidua

.PHONY: all deps run test clang-check unit e2e e2e-pg san-test soak fuzz-quick fuzz bench clean

all: $(BIN)

deps:
	@bash scripts/deps.sh

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -Wall -Wextra -Werror -o $@ $<

build/gen/web_assets.c: build/embed $(WEB)
	@mkdir -p build/gen
	build/embed $@ web_assets src/web/ $(WEB)

build/gen/sql_migrations.c: build/embed $(SQL)
	@mkdir -p build/gen
	build/embed $@ sql_migrations src/store/migrations/ $(SQL)

build/gen/rule_set_files.c: build/embed $(RULES)
	@mkdir -p build/gen
	build/embed $@ rule_set_files data/rule_sets/ $(RULES)

# Normal build
OBJ := $(patsubst %.c,build/obj/%.o,$(SRC_ALL) $(GEN))
build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BIN): $(OBJ)
	@echo "LD $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# Sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer)
SAN_OBJ := $(patsubst %.c,build/san/obj/%.o,$(SRC_ALL) $(GEN))
build/san/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC(san) $<"
	@$(CC) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(SAN_BIN): $(SAN_OBJ)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

# Unit tests: one cmocka binary per tests/unit/test_*.c, linked with the library objects.
LIB_OBJ     := $(filter-out build/obj/src/main.o,$(OBJ))
SAN_LIB_OBJ := $(filter-out build/san/obj/src/main.o,$(SAN_OBJ))
UNIT_BIN    := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRC))
SAN_UNIT_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

build/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS) -lcmocka

build/san/tests/%: tests/unit/%.c $(SAN_LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CFLAGS) $(SAN_FLAGS) -o $@ $< $(SAN_LIB_OBJ) $(LDLIBS) -lcmocka

run: deps $(BIN)
	@if [ ! -f thidua.db ]; then \
	  $(BIN) init --db sqlite:thidua.db && \
	  $(BIN) demo --db sqlite:thidua.db | tee .thidua-demo-logins; \
	  chmod 600 .thidua-demo-logins; \
	else \
	  $(BIN) init --db sqlite:thidua.db; \
	  if [ -f .thidua-demo-logins ]; then cat .thidua-demo-logins; fi; \
	fi
	@echo "Open http://127.0.0.1:8080 and log in (Ctrl-C stops the server)."
	$(BIN) serve --db sqlite:thidua.db --listen 127.0.0.1:8080

unit: $(UNIT_BIN)
	@bash tests/run-unit.sh $(UNIT_BIN)

# Two test files at a time: they wait on servers, browsers and LibreOffice
# more than they compute.
E2E_RUN := node --test --test-concurrency=2
# The API tests reach every server path; the browser tests add the pages'
# code on top of the same API calls, so they run once, on SQLite, and the
# PostgreSQL and sanitizer runs take the API tests (keeping make test, on
# two cores, under fifteen minutes). The sanitizers also skip the
# kill-and-restart and flood tests: they prove durability and shedding,
# which the plain runs do, over server paths the other API tests cover.
E2E_API := $(filter-out tests/e2e/browser%,$(sort $(wildcard tests/e2e/*.test.mjs)))
E2E_SAN := $(filter-out tests/e2e/crash% tests/e2e/overload%,$(E2E_API))

e2e: $(BIN) node_modules/.package-lock.json
	@THIDUA_BIN=$(CURDIR)/$(BIN) bash tests/timed.sh e2e $(E2E_RUN) tests/e2e/

# The API suite on PostgreSQL: a private server started for it (tests/pg).
# make e2e-pg E2E_PG=tests/e2e/ runs the browser tests there too.
E2E_PG ?= $(E2E_API)
e2e-pg: $(BIN) node_modules/.package-lock.json
	@THIDUA_BIN=$(CURDIR)/$(BIN) bash tests/timed.sh e2e-pg bash tests/pg/with-server.sh \
	  $(E2E_RUN) $(E2E_PG)

san-test: $(SAN_BIN) $(SAN_UNIT_BIN) node_modules/.package-lock.json
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp bash tests/run-unit.sh $(SAN_UNIT_BIN)
	@THIDUA_BIN=$(CURDIR)/$(SAN_BIN) THIDUA_SANITIZED=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash tests/timed.sh san-e2e $(E2E_RUN) $(E2E_SAN)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Every suite, two jobs at a time; --output-sync keeps each suite's output
# together in the log.
test: deps
	@mkdir -p build
	@set -o pipefail; $(MAKE) --no-print-directory -j2 -k --output-sync=target \
	  clang-check unit e2e e2e-pg san-test fuzz-quick 2>&1 | tee build/test.log
	@bash tests/summary.sh build/test.log

# The long versions of the crash and overload tests, never part of make
# test: a hundred kills on each backend, a million requests.
SOAK_ENV := THIDUA_BIN=$(CURDIR)/$(BIN) THIDUA_CRASH_CYCLES=100 THIDUA_SOAK_REQUESTS=1000000
soak: $(BIN) node_modules/.package-lock.json
	$(SOAK_ENV) node --test --test-timeout=3600000 tests/e2e/crash.test.mjs tests/e2e/overload.test.mjs
	$(SOAK_ENV) bash tests/pg/with-server.sh node --test --test-timeout=3600000 tests/e2e/crash.test.mjs

# The same sources must also compile cleanly with clang.
clang-check: $(GEN)
	@for f in $(SRC_ALL) $(GEN); do \
	  clang $(filter-out -fstack-protector-strong -D_FORTIFY_SOURCE=2,$(CFLAGS)) -fsyntax-only $$f || exit 1; \
	done; echo "clang: all sources compile"

fuzz-quick:
	@MAKEFLAGS= bash tests/timed.sh fuzz-quick bash tests/fuzz/run.sh 60

fuzz:
	@MAKEFLAGS= bash tests/timed.sh fuzz-quick bash tests/fuzz/run.sh 600

# Throughput on loopback (wrk); never part of make test.
bench: $(BIN)
	@bash bench/http.sh
	@BACKEND=pg bash bench/http.sh
	@node bench/ballot.mjs

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d)
