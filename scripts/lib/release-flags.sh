# Sourced by the bench scripts: `flags`, the `swift build` flags of deployable binaries (the
# Makefile's RELEASE_FLAGS when make runs the script; word splitting is intended), plus
# `--scratch-path $SCRATCH_PATH` when SCRATCH_PATH names a build folder of its own (e.g.
# .build-bench), so that a release build neither waits for nor invalidates the debug build in .build.
flags=${RELEASE_FLAGS:-"-c release --static-swift-stdlib -Xlinker --no-export-dynamic"}
if [ -n "${SCRATCH_PATH:-}" ]; then flags="$flags --scratch-path $SCRATCH_PATH"; fi
