#include "experiments/analognas_bench/generate.h"

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/progress.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/shard_store.h"
#include "training/analog/hwt_recipe.h"

namespace aimc::experiments {
namespace {

absl::Status MakeDirectory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create output directory '", dir, "': ", error.message()));
  }
  return absl::OkStatus();
}

void Log(std::FILE* log, const std::string& line) {
  if (log == nullptr) return;
  std::fprintf(log, "[generate] %s\n", line.c_str());
  std::fflush(log);
}

}  // namespace

std::string SettingsString(const EvaluateCellOptions& o) {
  std::vector<std::string> parts;
  if (!o.data.empty()) parts.push_back(absl::StrCat("data=", o.data));
  if (o.epochs > 0) parts.push_back(absl::StrCat("epochs=", o.epochs));
  if (o.qat_epochs > 0) parts.push_back(absl::StrCat("qat_epochs=", o.qat_epochs));
  if (o.hwt_epochs > 0) parts.push_back(absl::StrCat("hwt_epochs=", o.hwt_epochs));
  if (o.repetitions > 0) parts.push_back(absl::StrCat("repetitions=", o.repetitions));
  if (o.train_images > 0) parts.push_back(absl::StrCat("train_images=", o.train_images));
  if (o.test_images > 0) parts.push_back(absl::StrCat("test_images=", o.test_images));
  if (o.fresh_programming) parts.push_back("fresh_programming");
  // Records are not yet the same at every thread count (QAT and the analog
  // metrics differ between 1 and 2 threads: evaluate_cell --scale=test), so a
  // thread count other than the reference 1 is another run.
  if (o.threads != 1) parts.push_back(absl::StrCat("threads=", o.threads));
  return absl::StrJoin(parts, " ");
}

absl::StatusOr<GenerateSummary> GenerateShard(const GenerateOptions& options, std::FILE* log) {
  if (options.output_dir.empty()) {
    return absl::InvalidArgumentError("output_dir: required (the shard files go there)");
  }
  const EvaluateCellOptions& base = options.cell;
  ASSIGN_OR_RETURN(const ScaleSettings scale, EffectiveScale(base));
  ASSIGN_OR_RETURN(const training::HwtRecipe recipe, training::LoadHwtRecipe(base.recipe));
  ASSIGN_OR_RETURN(const std::vector<nas::Cell> cells, SelectCells(options.cells, base.seed));
  const std::vector<nas::Cell> mine = CellsOfShard(cells, options.shard);
  ASSIGN_OR_RETURN(const CellData data, LoadCellData(base));

  ShardHeader header;
  header.set_format(std::string(kShardFormat));
  header.set_scale(scale.name);
  header.set_scale_description(scale.description);
  header.set_seed(base.seed);
  header.set_recipe(base.recipe);
  header.set_simulator_preset(recipe.tile_preset());
  header.set_dataset(data.train.name().substr(0, data.train.name().find('/')));
  header.set_data_description(absl::StrCat(data.train.name(), " ", data.train.size(), " / ",
                                           data.test.name(), " ", data.test.size(), " images"));
  header.set_cells(options.cells);
  header.set_num_cells(static_cast<int>(cells.size()));
  header.set_shard_index(options.shard.index);
  header.set_num_shards(options.shard.count);
  header.set_settings(SettingsString(base));
  for (const nas::Cell& c : cells) header.add_cell_lex_indices(c.LexIndex());

  RETURN_IF_ERROR(MakeDirectory(options.output_dir));
  GenerateSummary summary;
  summary.shard_path = absl::StrCat(options.output_dir, "/",
                                    ShardFileName(options.shard.index, options.shard.count));
  summary.shard_cells = static_cast<int>(mine.size());
  ASSIGN_OR_RETURN(ShardWriter writer, ShardWriter::Open(summary.shard_path, header, nullptr));
  std::vector<nas::Cell> todo;
  for (const nas::Cell& c : mine) {
    const absl::Status found = writer.FindRecord(c).status();
    if (absl::IsNotFound(found)) {
      todo.push_back(c);
    } else {
      RETURN_IF_ERROR(found);
    }
  }
  summary.done_before = summary.shard_cells - static_cast<int>(todo.size());
  if (options.max_cells > 0 && static_cast<int>(todo.size()) > options.max_cells) {
    todo.resize(options.max_cells);
  }
  Log(log, absl::StrCat("scale: ", scale.description));
  Log(log, absl::StrCat("data: ", header.data_description(), "; machine: ",
                        MachineDescription(base.threads), "; seed ", base.seed));
  Log(log, absl::StrCat("cells: ", options.cells, " = ", cells.size(),
                        " class representatives; shard ", options.shard.index, "/",
                        options.shard.count, ": ", mine.size(), " cells, ", summary.done_before,
                        " already in ", summary.shard_path, ", ", todo.size(), " to evaluate"));

  const absl::Time start = absl::Now();
  const int remaining_total = summary.shard_cells - summary.done_before;
  for (const nas::Cell& cell : todo) {
    EvaluateCellOptions o = base;
    o.arch = cell.ToTupleString();
    ASSIGN_OR_RETURN(const CellReport report, EvaluateCell(o, data, nullptr));
    GeneratedRecord g;
    *g.mutable_record() = report.record;
    g.set_code_version(options.code_version);
    g.set_scale(scale.name);
    g.set_seed(base.seed);
    g.set_machine(MachineDescription(base.threads));
    g.set_threads(base.threads);
    g.set_wall_time_s(absl::ToDoubleSeconds(report.total_time));
    g.set_date(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()));
    for (const auto& [name, time] : report.phase_times) {
      g.add_phases(absl::StrCat(name, "=", absl::ToDoubleSeconds(time)));
    }
    g.set_class_size(
        static_cast<int>(AllCellClasses()[CellClassIndex(cell)].members.size()));
    RETURN_IF_ERROR(writer.Append(g));
    ++summary.evaluated;
    const double elapsed_s = absl::ToDoubleSeconds(absl::Now() - start);
    summary.seconds_per_cell = elapsed_s / summary.evaluated;
    const int left = remaining_total - summary.evaluated;
    Log(log, absl::StrFormat(
                 "%d/%d %s baseline %.2f analog %.2f analog_30d %.2f in %.1f s | %.0f cells/h, "
                 "ETA %s",
                 summary.done_before + summary.evaluated, summary.shard_cells,
                 cell.ToTupleString(), report.record.baseline_accuracy(),
                 report.record.analog_accuracy(),
                 report.record.analog_drift_size() == 4 ? report.record.analog_drift(3).mean()
                                                        : 0.0,
                 absl::ToDoubleSeconds(report.total_time), 3600.0 / summary.seconds_per_cell,
                 HumanDuration(absl::Seconds(left * summary.seconds_per_cell))));
  }
  return summary;
}

}  // namespace aimc::experiments
