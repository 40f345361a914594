// A sharded, resumable AnalogNAS-Bench generation (README.md): evaluates the
// class representatives of one shard of a cell list with the one-cell protocol
// (evaluate_cell.h) and appends each record to the shard's file in the output
// directory as soon as it is done (shard_store.h). Cells already in the file
// are skipped, so rerunning the same command after a kill resumes it; records
// depend only on (cell, scale, seed, recipe, settings), never on the shard
// count or the order, so any sharding gives the same records.
// Errors are Statuses: a bad cell list or shard, a shard file of another run,
// missing data, a failed write (e.g. a full disk: the records already written
// stay). Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_GENERATE_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_GENERATE_H_

#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "experiments/analognas_bench/cell_selection.h"
#include "experiments/analognas_bench/evaluate_cell.h"

namespace aimc::experiments {

struct GenerateOptions {
  EvaluateCellOptions cell;  // everything but `arch`
  std::string cells = "stratified:1000";  // cell_selection.h spec
  std::string output_dir;
  ShardSpec shard;
  std::string code_version = "unknown";  // git commit of the code
  int max_cells = 0;                     // > 0: stop after evaluating this many (this run)
};

struct GenerateSummary {
  std::string shard_path;
  int shard_cells = 0;      // representatives in this shard
  int done_before = 0;      // already in the file when the run started
  int evaluated = 0;        // by this run
  double seconds_per_cell = 0;  // mean wall time of the cells this run evaluated
};

// Runs the shard; progress and per-cell lines to `log` (not owned; may be
// nullptr).
absl::StatusOr<GenerateSummary> GenerateShard(const GenerateOptions& options, std::FILE* log);

// "epochs=3 repetitions=2 ..." for the options that change records beyond the
// scale preset, including a thread count other than 1; empty when none.
std::string SettingsString(const EvaluateCellOptions& options);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_GENERATE_H_
