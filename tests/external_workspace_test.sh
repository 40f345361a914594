#!/usr/bin/env bash
# Proves that another Bazel workspace can depend on one aimc-nas package:
# builds a consumer workspace (tests/external_workspace/*.template) that uses
# local_repository + @aimc_nas//device_models and runs its test, with a
# separate Bazel output root. Runs as a `local`, `exclusive` test (no sandbox:
# it starts its own Bazel); usable by hand too:
#   bash tests/external_workspace_test.sh
set -euo pipefail

# The checkout: this script's real location (runfiles links point into it).
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
root=$(cd "$here/.." && pwd)
tmp=${TEST_TMPDIR:-$(mktemp -d)}
work="$tmp/consumer"
rm -rf "$work" && mkdir -p "$work"
sed "s|@AIMC_NAS_PATH@|$root|g" "$here/external_workspace/WORKSPACE.template" > "$work/WORKSPACE"
cp "$here/external_workspace/BUILD.template" "$work/BUILD"
cp "$here/external_workspace/bazelrc.template" "$work/.bazelrc"
cp "$here/external_workspace/consumer_test.cc" "$work/"

export HOME="${HOME:-$tmp}"
cd "$work"
# --batch: no server is left behind. The consumer's own cache dir keeps reruns
# fast; the first run compiles device_models and its deps (~1-2 min on 2 cores).
bazel --batch --output_user_root="${AIMC_CONSUMER_BAZEL_ROOT:-$HOME/.cache/aimc-nas-consumer}" \
  test //:consumer_test 2>&1 | tail -n 20
echo "external workspace: @aimc_nas//device_models builds and its test passes"
