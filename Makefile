# hoptac build. `make` builds ./hoptac; `make check` builds an ASan+UBSan variant and
# runs every test; `make run` installs what is missing, builds and runs the main job.

CC      ?= cc
PKGS    := sqlite3 libutf8proc jansson libxml-2.0 libmicrohttpd libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CSTD    := -std=c11 -D_GNU_SOURCE
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc -Ibuild/gen -MMD -MP
LDLIBS  := $(PKG_LIBS) -lpthread -lm
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Sources: every .c under src/ except main.c makes the library; build/gen holds the
# tables compiled from data/ and the embedded web assets.
LIB_SRC := $(shell find src -name '*.c' ! -name main.c | sort)
GEN_SRC := $(patsubst data/%.tsv,build/gen/data_%.c,$(wildcard data/*.tsv))
GEN_SRC += build/gen/web_assets.c
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))

REL_OBJ  := $(patsubst %.c,build/rel/%.o,$(LIB_SRC) $(GEN_SRC))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(GEN_SRC))
UNIT_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRC))
FUZZ_REPLAY := $(patsubst tests/fuzz/%.c,build/asan/fuzz/%,$(FUZZ_SRC))
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(patsubst bench/%.c,build/bench/%,$(BENCH_SRC))

.SECONDARY:
.PHONY: all check run bench bench-tools fuzz fuzz-targets corpus-check clean deps
all: hoptac

hoptac: build/rel/hoptac
	cp $< $@

build/rel/hoptac: build/rel/src/main.o $(REL_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/hoptac: build/asan/src/main.o $(ASAN_OBJ)
	$(CC) $(SAN) -g -o $@ $^ $(LDLIBS)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -MMD -MP -c -o $@ $<

# Data tables: data/NAME.tsv -> build/gen/data_NAME.c through the generator, which
# validates every row and reports file:line.
GENDATA_SRC := tools/gendata.c src/base/base.c src/base/data.c $(wildcard src/text/*.c)
build/tools/gendata: $(GENDATA_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(PKG_CFLAGS) -Isrc -o $@ $(GENDATA_SRC) $(LDLIBS)

build/gen/data_%.c: data/%.tsv build/tools/gendata
	@mkdir -p $(dir $@)
	build/tools/gendata $< $@

# Web UI: web/* (HTML, CSS, JS) -> build/gen/web_assets.c, embedded in the binary.
WEB_FILES := $(sort $(wildcard web/*))
build/tools/genweb: tools/genweb.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g -o $@ $<

build/gen/web_assets.c: $(WEB_FILES) build/tools/genweb
	@mkdir -p $(dir $@)
	build/tools/genweb $@ $(WEB_FILES)

build/asan/tests/%: tests/unit/%.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -o $@ $< $(ASAN_OBJ) $(LDLIBS) -lcmocka

# Fuzz targets build with gcc and a replay main for `make check`, with clang and
# libFuzzer for `make fuzz`.
build/asan/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(ASAN_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -o $@ $< tests/fuzz/replay_main.c $(ASAN_OBJ) $(LDLIBS)

# The FTS5 tokenizer as a loadable extension, for reading a registry's full-text index
# in the sqlite3 shell:  sqlite3 hoptac.db -cmd '.load build/hoptac_fts.so'
EXT_SRC := src/store/fts.c src/base/base.c $(sort $(wildcard src/text/*.c))
build/hoptac_fts.so: $(EXT_SRC) $(wildcard src/store/*.h src/text/*.h src/base/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -g -fPIC -shared -fvisibility=hidden -DHT_FTS_EXTENSION \
		$(PKG_CFLAGS) -Isrc -o $@ $(EXT_SRC) -lutf8proc -lpthread

check: build/asan/hoptac hoptac build/hoptac_fts.so $(UNIT_BIN) $(FUZZ_REPLAY)
	@bash tests/run.sh

run: deps
	@$(MAKE) --no-print-directory hoptac
	@bash scripts/run-demo

deps:
	@bash scripts/install-deps

# libFuzzer builds (clang): the library instrumented for coverage, each target linked
# with libFuzzer's main. tests/fuzz/run-libfuzzer.sh builds and runs them.
FUZZ_CC   ?= clang
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ  := $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC) $(GEN_SRC))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) -Wall -Wextra -Wno-unused-parameter -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -MMD -MP -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) -Wall -Wextra -Wno-unused-parameter -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -Isrc -Ibuild/gen -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

fuzz-targets: $(FUZZ_BIN)

FUZZ_SECONDS ?= 60
fuzz:
	@bash tests/fuzz/run-libfuzzer.sh $(FUZZ_SECONDS)

# Benchmark programs: optimised like the release build, against the same objects.
build/bench/%: bench/%.c $(REL_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(REL_OBJ) $(LDLIBS)

bench-tools: $(BENCH_BIN)

bench: hoptac bench-tools
	@bash bench/run.sh $(BENCH)

corpus-check: build/asan/hoptac build/rel/hoptac
	@bash tests/corpus-check.sh
	@bash tests/corpus-ingest-kill.sh

clean:
	rm -rf build hoptac

-include $(shell find build -name '*.d' 2>/dev/null)
