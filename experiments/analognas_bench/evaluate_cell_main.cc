// bazel run //experiments/analognas_bench:evaluate_cell -- --arch=CELL
//     --scale=test|tiny|small|paper|FILE.textproto [--data=fashion_mnist|cifar10
//     --data_dir=DIR] [--output=FILE] [--recipe=analognas_bench]
// Trains and evaluates one NAS-Bench-201 cell under the AnalogNAS-Bench
// protocol and adds its record to --output (a nas/benchmark.proto file, read
// by //nas:query); a cell already in the file is skipped, so a sweep over
// cells resumes where it stopped (experiments/analognas_bench/evaluate_cell.h).
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/malloc_tuning.h"
#include "experiments/analognas_bench/evaluate_cell.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

ABSL_FLAG(std::string, arch, "", "NB201 cell string, op tuple \"(2,2,0,2,2,3)\" or index");
ABSL_FLAG(std::string, scale, "tiny",
          "scale preset: test, tiny, small or paper (the paper's protocol), or a .textproto");
ABSL_FLAG(std::string, data, "", "fashion_mnist or cifar10; default: the scale's");
ABSL_FLAG(std::string, data_dir, "",
          "dataset directory; default Debian's Fashion-MNIST; required for cifar10");
ABSL_FLAG(std::string, output, "", "benchmark file the record is added to; empty: print only");
ABSL_FLAG(std::string, recipe, "analognas_bench", "HWT recipe: analognas_bench, rasch2023 or a .textproto");
ABSL_FLAG(uint64_t, seed, 42, "seed (the reference: 42 + rank)");
ABSL_FLAG(int, threads, 2, "torch and crossbar threads");
ABSL_FLAG(bool, fresh_programming, false, "a new programming instance per drift repetition");
ABSL_FLAG(int, epochs, 0, "override the scale's digital epochs (0 = keep)");
ABSL_FLAG(int, qat_epochs, 0, "override the scale's QAT epochs");
ABSL_FLAG(int, hwt_epochs, 0, "override the scale's HWT epochs");
ABSL_FLAG(int, repetitions, 0, "override the scale's test passes per accuracy");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("One AnalogNAS-Bench record for one NAS-Bench-201 cell.");
  aimc::RetainFreedMemory(argv);  // LibTorch training re-allocates every step
  absl::ParseCommandLine(argc, argv);
  aimc::experiments::EvaluateCellOptions o;
  o.arch = absl::GetFlag(FLAGS_arch);
  o.scale = absl::GetFlag(FLAGS_scale);
  o.data = absl::GetFlag(FLAGS_data);
  o.data_dir = absl::GetFlag(FLAGS_data_dir);
  o.recipe = absl::GetFlag(FLAGS_recipe);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.threads = absl::GetFlag(FLAGS_threads);
  o.fresh_programming = absl::GetFlag(FLAGS_fresh_programming);
  o.epochs = absl::GetFlag(FLAGS_epochs);
  o.qat_epochs = absl::GetFlag(FLAGS_qat_epochs);
  o.hwt_epochs = absl::GetFlag(FLAGS_hwt_epochs);
  o.repetitions = absl::GetFlag(FLAGS_repetitions);
  const std::string output = absl::GetFlag(FLAGS_output);
  if (o.arch.empty()) {
    std::fprintf(stderr, "evaluate_cell: --arch is required (e.g. --arch=\"(2,2,0,2,2,3)\")\n");
    return 1;
  }
  const absl::StatusOr<aimc::nas::Cell> cell = aimc::nas::ParseArch(o.arch);
  if (!cell.ok()) {
    std::fprintf(stderr, "evaluate_cell: --arch: %s\n", cell.status().ToString().c_str());
    return 1;
  }
  if (!output.empty()) {
    const absl::StatusOr<aimc::nas::ArchRecord> found = aimc::nas::FindRecord(output, *cell);
    if (found.ok()) {
      std::printf("%s already has %s: nothing to do\n", output.c_str(), o.arch.c_str());
      return 0;
    }
    if (!absl::IsNotFound(found.status())) {
      std::fprintf(stderr, "evaluate_cell: --output: %s\n", found.status().ToString().c_str());
      return 1;
    }
  }
  const auto report = aimc::experiments::EvaluateCell(o, stderr);
  if (!report.ok()) {
    std::fprintf(stderr, "evaluate_cell: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::fputs(aimc::experiments::FormatCellReport(*report).c_str(), stdout);
  if (!output.empty()) {
    const absl::Status written =
        aimc::nas::AppendRecord(output, report->record, report->provenance);
    if (!written.ok()) {
      std::fprintf(stderr, "evaluate_cell: --output: %s%s\n", written.ToString().c_str(),
                   absl::IsFailedPrecondition(written) ? " (write to another --output)" : "");
      return 1;
    }
    std::printf("record added to %s\n", output.c_str());
  }
  return 0;
}
