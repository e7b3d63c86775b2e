#!/usr/bin/env bash
# Prints the folder cargo builds into, as cargo itself decides it: CARGO_TARGET_DIR,
# CARGO_BUILD_TARGET_DIR, `build.target-dir` of a .cargo/config, or ./target. The Makefile and the
# scripts that run the built binary take its path from here. Cargo runs from the repository root,
# as the builds of the Makefile and scripts/ do, so a relative CARGO_TARGET_DIR means the same to
# both. Needs only cargo (no jq or python).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

metadata=$("${CARGO:-cargo}" metadata --format-version 1 --no-deps)
# The one "target_directory" key; a path with a quote or a backslash (JSON-escaped) is refused
# rather than printed wrong.
dir=$(sed -n 's/.*"target_directory":"\([^"\\]*\)".*/\1/p' <<<"$metadata")
if [ -z "$dir" ]; then
  echo "target-dir.sh: no target_directory in \`cargo metadata\` (a path with \" or \\?)" >&2
  exit 1
fi
printf '%s\n' "$dir"
