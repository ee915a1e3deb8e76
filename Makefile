# The two commands: `make run` and `make test`. Both install what is missing.
BUILD ?= build
JOBS ?= $(shell nproc)
PORT ?= 8000

.PHONY: deps build run test unit conformance asan bench clean

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
# under AddressSanitizer + UndefinedBehaviorSanitizer (any report fails).
asan: deps
	@scripts/deps.sh --test
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDDB_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)
	conformance/run build-asan/dynarock

test: unit conformance

clean:
	rm -rf $(BUILD) build-asan

# The side-by-side benchmark (bench/README.md). Release build; peers optional.
bench: deps
	@command -v wrk >/dev/null || apt-get install -y -qq --no-install-recommends wrk
	@command -v nginx >/dev/null || apt-get install -y -qq --no-install-recommends nginx-light
	@cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDDB_TESTS=OFF >/dev/null
	@cmake --build build-release -j $(JOBS)
	bench/peers.sh
	bench/run.py
