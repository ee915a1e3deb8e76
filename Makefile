# The two commands: `make run` and `make test`. Both install what is missing.
BUILD ?= build
JOBS ?= $(shell nproc)
PORT ?= 8000

.PHONY: deps build run test unit conformance test-clients asan fuzz soak bench clean

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/dynarock -port $(PORT) -dbPath ./data

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

conformance: build
	@scripts/deps.sh --test
	conformance/run $(BUILD)/dynarock

# The unit tests and the conformance suites again, with everything built
# under AddressSanitizer + UndefinedBehaviorSanitizer (any report fails). The
# messaging tests' time bounds (2 s to move an inbox row) are stretched 3x for
# this several-times-slower build (messaging/tests/helpers.py).
asan: deps
	@scripts/deps.sh --test
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDDB_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)
	DYNAROCK_TIME_SCALE=3 conformance/run build-asan/dynarock

# libFuzzer targets (clang), each run for FUZZ_SECONDS from tests/fuzz/corpus;
# new inputs go to a scratch directory, so the committed corpus stays small.
FUZZ_SECONDS ?= 30
fuzz: deps
	@# clang-14 may be on the machine without its sanitizer/fuzzer runtimes, so
	@# each package is checked on its own.
	@for p in clang-14 libclang-rt-14-dev; do \
	  dpkg -s $$p >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends $$p || exit 1; \
	done
	@cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDDB_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@for t in expr request value key ion http; do \
	  rm -rf build-fuzz/corpus-$$t && mkdir -p build-fuzz/corpus-$$t && \
	  build-fuzz/tests/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -timeout=10 -rss_limit_mb=2048 build-fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# Every client ecosystem's own program, unchanged but for its endpoint
# (conformance/clients/*/run: the same scenario through boto3, the AWS CLI v2,
# the SDKs for JavaScript, Go and Java), then the browser suites
# (conformance/browser: the built-in console and dynamodb-admin in headless
# Chromium). CLIENTS=go make test-clients runs one.
CLIENTS ?= python cli js go java
test-clients: build
	@scripts/deps.sh --test
	@status=0; \
	for c in $(CLIENTS); do \
	  echo "== client: $$c"; \
	  conformance/clients/$$c/run $(BUILD)/dynarock || status=1; \
	done; \
	echo "== browser: the console and dynamodb-admin (headless Chromium)"; \
	(cd conformance/browser && DYNAROCK_BIN=$(abspath $(BUILD))/dynarock node --test) || status=1; \
	exit $$status

test: unit conformance test-clients

# The soak of `make test` (conformance/python/test_soak.py, 45 s there), for
# longer: mixed load with connections opening and closing, memory and file
# descriptors checked flat.
SOAK_SECONDS ?= 600
soak: build
	@scripts/deps.sh --test
	SOAK_SECONDS=$(SOAK_SECONDS) DYNAROCK_BIN=$(BUILD)/dynarock .venv/bin/python -m pytest -q -s conformance/python/test_soak.py

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-release

# The side-by-side benchmark (bench/README.md). Release build; peers optional.
bench: deps
	@command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk
	@command -v nginx >/dev/null || apt-get install -y -qq --no-install-recommends nginx-light
	@cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDB_TESTS=OFF >/dev/null
	@cmake --build build-release -j $(JOBS)
	bench/peers.sh
	bench/run.py
