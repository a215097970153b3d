# The two commands a new user needs are `make demo` and `make test`; both
# install what is missing first. Everything else is here for developers.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
CMAKE_FLAGS ?=

.PHONY: all deps build asan test unit-test demo bench fuzz format clean

all: build

deps:
	@bash scripts/install-deps

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	cmake --build $(BUILD_DIR)

# One build with AddressSanitizer and UndefinedBehaviorSanitizer, for the unit tests.
asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEMMA_SANITIZE=ON \
	  -DSTEMMA_BUILD_BENCH=OFF $(CMAKE_FLAGS) >/dev/null
	cmake --build $(ASAN_DIR)

# Every test: the release build's whole suite, then the unit tests under the sanitizers.
test: build asan
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j 2 -L unit

demo: build
	@bash scripts/demo $(BUILD_DIR)/tools/stemma/stemma

bench: build
	bash bench/run_all.sh $(BUILD_DIR)

# libFuzzer targets (clang), FUZZ_SECONDS each (default 60); docs/robustness.md.
fuzz:
	@bash scripts/install-deps --fuzz
	bash scripts/fuzz

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) build-fuzz
