# The two commands: `make run` and `make test`. Both install what is missing.
BUILD ?= build
JOBS ?= $(shell nproc)
PORT ?= 8000

.PHONY: deps build run test unit conformance asan clean

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

# The unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDDB_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

test: unit conformance

clean:
	rm -rf $(BUILD) build-asan
