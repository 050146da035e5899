# Thin wrapper over CMake + Ninja.  The README's two commands:
#   make demo   install missing packages, build, screen the bundled data
#   make test   build and run every test (unit tests and fuzz-corpus replays)
BUILD ?= build
TYPE  ?= RelWithDebInfo
CMAKE_FLAGS ?=

.PHONY: all deps build demo test bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD)

demo: build
	scripts/demo $(BUILD)/vetter

test: build
	cd $(BUILD) && ctest --output-on-failure -j2

bench: build
	bench/run $(BUILD)

clean:
	rm -rf $(BUILD)
