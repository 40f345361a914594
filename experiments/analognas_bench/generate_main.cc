// bazel run //experiments/analognas_bench:generate --
//     --cells=all_unique|stratified:N|FILE --scale=test|tiny|small|paper
//     --output=DIR [--shard=i/n] [--threads=1] [--seed=42] [--max_cells=K]
// Evaluates shard i of n of a cell list under the AnalogNAS-Bench protocol,
// appending one record per cell to DIR/shard-i-of-n.records; rerun the same
// command to resume after a kill. `merge` turns the shards into one benchmark
// file (experiments/analognas_bench/README.md).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/malloc_tuning.h"
#include "experiments/analognas_bench/generate.h"

ABSL_FLAG(std::string, cells, "stratified:1000",
          "all_unique, stratified:N (N classes stratified over op counts) or a file of cells");
ABSL_FLAG(std::string, scale, "tiny", "test, tiny, small or paper (the paper's protocol)");
ABSL_FLAG(std::string, output, "", "output directory of the shard files (created if absent)");
ABSL_FLAG(std::string, shard, "0/1", "this process's shard i/n");
ABSL_FLAG(std::string, data, "", "fashion_mnist or cifar10; default: the scale's");
ABSL_FLAG(std::string, data_dir, "",
          "dataset directory; default Debian's Fashion-MNIST; required for cifar10");
ABSL_FLAG(std::string, recipe, "analognas_bench", "HWT recipe: analognas_bench, rasch2023 or a .textproto");
ABSL_FLAG(uint64_t, seed, 42, "seed of every cell (the reference: 42 + rank) and of the cell list");
ABSL_FLAG(int, threads, 1, "torch and crossbar threads per process");
ABSL_FLAG(bool, fresh_programming, false, "a new programming instance per drift repetition");
ABSL_FLAG(int, epochs, 0, "override the scale's digital epochs (0 = keep)");
ABSL_FLAG(int, qat_epochs, 0, "override the scale's QAT epochs");
ABSL_FLAG(int, hwt_epochs, 0, "override the scale's HWT epochs");
ABSL_FLAG(int, repetitions, 0, "override the scale's test passes per accuracy");
ABSL_FLAG(int, max_cells, 0, "stop after evaluating this many cells (0 = all of the shard)");
ABSL_FLAG(std::string, code_version, "",
          "git commit recorded per record; default: read from the workspace under bazel run");

namespace {

// The workspace's commit under `bazel run` ("-dirty" with uncommitted changes).
std::string WorkspaceCommit() {
  const char* dir = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (dir == nullptr) return "unknown";
  auto run = [](const std::string& command) {
    std::string out;
    if (std::FILE* p = popen(command.c_str(), "r")) {
      char buf[256];
      while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
      pclose(p);
    }
    return std::string(absl::StripAsciiWhitespace(out));
  };
  const std::string commit =
      run(absl::StrCat("git -C '", dir, "' rev-parse --short=12 HEAD 2>/dev/null"));
  if (commit.empty()) return "unknown";
  const std::string dirty = run(absl::StrCat(
      "git -C '", dir, "' status --porcelain --untracked-files=no 2>/dev/null | head -1"));
  return dirty.empty() ? commit : commit + "-dirty";
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("A sharded, resumable AnalogNAS-Bench generation.");
  aimc::RetainFreedMemory(argv);  // LibTorch training re-allocates every step
  absl::ParseCommandLine(argc, argv);
  aimc::experiments::GenerateOptions o;
  o.cells = absl::GetFlag(FLAGS_cells);
  o.output_dir = absl::GetFlag(FLAGS_output);
  o.cell.scale = absl::GetFlag(FLAGS_scale);
  o.cell.data = absl::GetFlag(FLAGS_data);
  o.cell.data_dir = absl::GetFlag(FLAGS_data_dir);
  o.cell.recipe = absl::GetFlag(FLAGS_recipe);
  o.cell.seed = absl::GetFlag(FLAGS_seed);
  o.cell.threads = absl::GetFlag(FLAGS_threads);
  o.cell.fresh_programming = absl::GetFlag(FLAGS_fresh_programming);
  o.cell.epochs = absl::GetFlag(FLAGS_epochs);
  o.cell.qat_epochs = absl::GetFlag(FLAGS_qat_epochs);
  o.cell.hwt_epochs = absl::GetFlag(FLAGS_hwt_epochs);
  o.cell.repetitions = absl::GetFlag(FLAGS_repetitions);
  o.max_cells = absl::GetFlag(FLAGS_max_cells);
  o.code_version = absl::GetFlag(FLAGS_code_version);
  if (o.code_version.empty()) o.code_version = WorkspaceCommit();
  if (o.output_dir.empty()) {
    std::fprintf(stderr, "generate: --output=DIR is required (the shard files go there)\n");
    return 1;
  }
  const auto shard = aimc::experiments::ParseShard(absl::GetFlag(FLAGS_shard));
  if (!shard.ok()) {
    std::fprintf(stderr, "generate: --%s\n", std::string(shard.status().message()).c_str());
    return 1;
  }
  o.shard = *shard;
  const auto summary = aimc::experiments::GenerateShard(o, stderr);
  if (!summary.ok()) {
    std::fprintf(stderr, "generate: %s\n", summary.status().ToString().c_str());
    return 1;
  }
  std::printf("%s: %d of %d cells done (%d this run, %.1f s per cell)\n",
              summary->shard_path.c_str(), summary->done_before + summary->evaluated,
              summary->shard_cells, summary->evaluated, summary->seconds_per_cell);
  return 0;
}
