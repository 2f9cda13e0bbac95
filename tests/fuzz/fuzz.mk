# The libFuzzer targets, built with clang into build/fuzz/ (run.sh calls
# this; it is not part of the main Makefile). The library is compiled once
# with the sanitizers and libFuzzer's coverage into an archive, so each
# target links only the objects it reaches.

CLANG   ?= clang-14
include mk/packages.mk
FCFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
           -Wall -Wextra -Wshadow -Wstrict-prototypes \
           -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FSAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lcsv -lpthread -lm

LIB_SRC := $(filter-out src/main.c,$(sort $(wildcard src/*.c src/*/*.c))) \
           build/gen/web_assets.c build/gen/sql_migrations.c build/gen/rule_set_files.c
LIB_OBJ := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: all
all: $(TARGETS)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC(fuzz) $<"
	@$(CLANG) $(FCFLAGS) $(FSAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

build/fuzz/libthidua.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) build/fuzz/libthidua.a
	@echo "LD(fuzz) $@"
	@$(CLANG) $(FCFLAGS) -Werror $(FSAN) -fsanitize=fuzzer -o $@ $< build/fuzz/libthidua.a \
	  $(FLIBS)

-include $(LIB_OBJ:.o=.d)
