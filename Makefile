SHELL := /bin/bash
# `make demo` and `make test` do all set-up on a fresh Debian machine with rustup/cargo.

CARGO       ?= cargo
MUSL_TARGET := x86_64-unknown-linux-musl
# `make static TARGET=aarch64-unknown-linux-musl` builds for arm64.
TARGET      ?= $(MUSL_TARGET)
STATIC_BIN  := target/$(TARGET)/release/atlas
# The arm64 build needs extra tools (cross C compiler for ring, qemu); only then.
DEPS_ARGS    = $(if $(filter aarch64-%,$(TARGET)),aarch64)

.PHONY: all build static static-small test test-bin test-aarch64 lint demo bench deps fuzz \
	release release-check clean size-check

all: build

deps:
	@bash .ci/install-deps $(DEPS_ARGS)

build:
	$(CARGO) build --release

# A fully static musl binary; prints its size and what `file` says about it.
static: deps
	$(CARGO) build --release --target $(TARGET)
	@echo "size: $$(stat -c %s $(STATIC_BIN)) bytes ($(STATIC_BIN))"
	@file $(STATIC_BIN)
	@file $(STATIC_BIN) | grep -q 'static' || { echo "not statically linked" >&2; exit 1; }

# The x86_64 static binary against the byte budget in .ci/size-budget (.ci/run checks it
# too). Over budget fails; raising the number is a commit of its own that says why.
SIZE_BIN := target/$(MUSL_TARGET)/release/atlas
size-check:
	@$(MAKE) --no-print-directory static TARGET=$(MUSL_TARGET) >/dev/null
	@budget=$$(grep -v '^#' .ci/size-budget | tr -d ' \n'); size=$$(stat -c %s $(SIZE_BIN)); \
	case $$budget in ''|*[!0-9]*) echo "size-check: .ci/size-budget must hold one number of bytes" >&2; exit 1 ;; esac; \
	if [ "$$size" -gt "$$budget" ]; then \
		echo "size-check: $(SIZE_BIN) is $$size bytes, over the budget of $$budget bytes in .ci/size-budget by $$((size - budget))." >&2; \
		echo "size-check: make it smaller, or raise the number in .ci/size-budget in a commit that says why the bytes are worth it." >&2; \
		exit 1; \
	fi; \
	echo "size-check: $$size bytes, budget $$budget ($$((budget - size)) to spare)"

# The same static binary with std rebuilt for size (nightly: -Zbuild-std and
# panic=immediate-abort drop std's backtrace printer; RUSTFLAGS replaces .cargo/config.toml's,
# so the unwind-table script is named again): ~1.8 MB.
SMALL_BIN := target/small/$(MUSL_TARGET)/release/atlas
static-small: deps
	@rustup toolchain list | grep -q '^nightly' || { echo "static-small needs the nightly toolchain" >&2; exit 1; }
	@rustup component list --toolchain nightly --installed | grep -q '^rust-src' || rustup component add rust-src --toolchain nightly
	@rustup target list --toolchain nightly --installed | grep -qx $(MUSL_TARGET) || rustup target add $(MUSL_TARGET) --toolchain nightly
	RUSTFLAGS="-C target-feature=+crt-static -C link-self-contained=yes -C link-arg=-Wl,-T,.cargo/no-unwind-tables.ld -Zunstable-options -Cpanic=immediate-abort" \
		$(CARGO) +nightly build --release --target $(MUSL_TARGET) -Z build-std=std,panic_abort --target-dir target/small
	@echo "size: $$(stat -c %s $(SMALL_BIN)) bytes ($(SMALL_BIN))"
	@file $(SMALL_BIN)
	@file $(SMALL_BIN) | grep -q 'static' || { echo "not statically linked" >&2; exit 1; }

# The end-to-end suite against a release binary instead of the debug build; RUNNER
# (e.g. qemu-aarch64-static) is a command every run of the binary goes through.
test-bin:
	ATLAS_BIN=$(abspath $(BIN)) ATLAS_RUNNER="$(RUNNER)" $(CARGO) test --test integration

# The arm64 static binary, and the end-to-end suite against it under qemu user emulation.
AARCH64_TARGET := aarch64-unknown-linux-musl
test-aarch64:
	$(MAKE) static TARGET=$(AARCH64_TARGET)
	time $(MAKE) test-bin BIN=target/$(AARCH64_TARGET)/release/atlas RUNNER=qemu-aarch64-static

# dist/atlas-<version>-{x86_64,aarch64}-linux (static, stripped) and dist/SHA256SUMS,
# reproducible bit for bit (see .ci/release). release-check builds them again from a
# clone in another directory with another CARGO_HOME and compares the checksums.
release:
	@bash .ci/install-deps aarch64
	@bash .ci/release

release-check:
	@bash .ci/reproduce

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

# Ends with one "N passed, N failed" line summing every test binary.
test: deps lint
	@mkdir -p target
	set -o pipefail; $(CARGO) test --lib --bins --test integration 2>&1 | tee target/test.log
	@awk '/^test result:/ {p += $$4; f += $$6} END {printf "%d passed, %d failed\n", p, f}' target/test.log

# Runs the seed example against a local Atlas stand-in on loopback and shows what it received.
demo: deps
	$(CARGO) build --release --bin atlas --example atlas_standin
	@sh examples/demo.sh

# Benchmarks (not tests): atlas against curl/python doing the same jobs on a local
# stand-in, over https against Apache (what CA bundles cost), then rendering 10,000
# invitations. Results: BENCHMARKS.md.
bench: static
	@command -v /usr/bin/time >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq time >/dev/null)
	@command -v hyperfine >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null)
	@test -f /etc/ssl/certs/ca-certificates.crt || (apt-get update -qq && apt-get install -y -qq ca-certificates >/dev/null)
	$(CARGO) build --release --example atlas_standin --example render_bench
	bash examples/bench.sh
	/usr/bin/time -f "peak RSS %M KiB, wall %e s" ./target/release/examples/render_bench 10000

# Fuzzing (nightly + cargo-fuzz): each target for FUZZ_SECONDS (default 60).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := cli toml digest model template jsonpath
fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t; \
		echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
		$(CARGO) +nightly fuzz run -O $$t fuzz/corpus/$$t fuzz/seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=4096 2>&1 | grep -E "^Done|ERROR|panicked|SUMMARY" ; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

clean:
	$(CARGO) clean
