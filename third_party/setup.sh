#!/usr/bin/env bash
# Installs every Debian package aimc-nas needs (Debian 12). Idempotent: a
# second run installs nothing and takes a few seconds. Runs apt-get as root, or
# through sudo when started by another user.
set -euo pipefail

PACKAGES=(
  # Build: Bazel 4.2.3, compiler, protobuf compiler.
  bazel-bootstrap g++ protobuf-compiler pkg-config
  # Libraries (third_party/debian.BUILD has one target per library).
  libtorch-dev libabsl-dev libeigen3-dev libboost-graph-dev libprotobuf-dev
  libxgboost-dev libgtest-dev libgmock-dev libbenchmark-dev librandom123-dev
  # BLAS behind LibTorch and Eigen: OpenBLAS, not the ~30x slower reference BLAS.
  libopenblas0-pthread
  # Default data set of runs on a machine without CIFAR-10.
  dataset-fashion-mnist
  # Figures of analysis/ (bar charts, heatmaps as PNG/SVG; analysis/plot.h).
  gnuplot-nox
  # A one-node SLURM cluster on localhost for the sharded benchmark test
  # (experiments/analognas_bench/slurm/, ../shared/docs/slurm.md).
  slurm-wlm munge
  # gzip (zlib) for Fashion-MNIST's .gz IDX files (training/data/fashion_mnist.cc):
  # zlib's streaming inflate reports where a stream is cut or corrupt, and
  # libprotobuf-dev already depends on it (listed so the dependency is explicit).
  zlib1g-dev
  # The Python module //python:aimc_nas (python/README.md): pybind11 headers,
  # Debian's Python 3.11 headers and interpreter, NumPy; matplotlib for the
  # README example's plot.
  pybind11-dev python3-dev python3-numpy python3-matplotlib
  # The libFuzzer harnesses of tests/fuzz (clang with ASan/UBSan runtimes;
  # bc for run_fuzzers.sh's rates).
  clang libclang-rt-14-dev bc
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PACKAGES[@]} Debian packages are installed" >&2
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
