#include "nas/search/run_search_lib.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "nas/benchmark_objective.h"
#include "nas/benchmark_store.h"
#include "nas/search/features.h"
#include "nas/search/multi_objective.h"
#include "nas/search/registry.h"
#include "nas/search/surrogate.h"
#include "nas/search/table_objective.h"
#include "nas/search/trials.h"

namespace aimc::nas::search {

absl::StatusOr<std::vector<std::string>> ParseAlgorithmList(absl::string_view text) {
  if (text == "all") return AlgorithmNames();
  std::vector<std::string> names;
  for (absl::string_view name : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    name = absl::StripAsciiWhitespace(name);
    RETURN_IF_ERROR(CreateAlgorithm(name).status());
    names.emplace_back(name);
  }
  if (names.empty()) {
    return absl::InvalidArgumentError("--algorithm: expected 'all' or a comma-separated list");
  }
  return names;
}

absl::StatusOr<std::string> RunSearchOn(Objective& objective, absl::string_view data_description,
                                        const RunSearchOptions& options) {
  ASSIGN_OR_RETURN(const TruthTable truth, TruthTable::Create(objective));
  TrialsOptions trials;
  trials.num_trials = options.num_trials;
  trials.budget = options.budget;
  trials.seed = options.seed;
  trials.surrogate_train = options.surrogate_train;
  trials.surrogate.num_threads = options.num_threads;
  ASSIGN_OR_RETURN(trials.surrogate.features, ParseFeatureSet(options.surrogate_features));
  RETURN_IF_ERROR(Validate(trials));
  std::vector<TrialsReport> reports;
  for (const std::string& name : options.algorithms) {
    ASSIGN_OR_RETURN(const std::unique_ptr<SearchAlgorithm> algorithm, CreateAlgorithm(name));
    ASSIGN_OR_RETURN(TrialsReport report, RunTrials(*algorithm, objective, truth, trials));
    reports.push_back(std::move(report));
  }
  std::string out = absl::StrCat(
      "data: ", data_description, " (", truth.name(), ", ", kNumCells, " cells; best ",
      absl::StrFormat("%.2f", truth.best_value()), " at ", truth.best_cell().ToTupleString(),
      ")\n");
  absl::StrAppend(&out, "mode: ",
                  options.surrogate_train > 0
                      ? absl::StrCat("surrogate: XGBoost ", XgboostVersion(), " on ",
                                     options.surrogate_train, " uniform cells per trial (",
                                     FeatureSetToString(trials.surrogate.features),
                                     " features); tau/R2 on the other cells; final cells "
                                     "scored by the table")
                      : std::string("direct: the algorithms query the table"),
                  "\n");
  absl::StrAppend(&out, "trials: ", options.num_trials, " (streams {seed ", options.seed, ", ",
                  kSearchEntity, ", trial, 0}); budget ", options.budget,
                  " distinct queries (exhaustive always spends ", kNumCells, ")\n");
  const int budget = std::min(options.budget, kNumCells);
  absl::StrAppend(&out, "random search reference: expected rank of the best of ", budget,
                  " distinct uniform cells = ",
                  absl::StrFormat("%.1f", truth.ExpectedRandomSearchRank(budget)), "\n");
  absl::StrAppend(&out, "machine: ", MachineDescription(options.num_threads), "\n");
  absl::StrAppend(&out, "value and rank: mean ± sample sd over trials of the returned cell's "
                        "true value and rank (1 = best)\n");
  absl::StrAppend(&out, FormatTrialsTable(reports));
  return out;
}

absl::StatusOr<std::string> RunSearch(const RunSearchOptions& options) {
  if (options.benchmark_path.empty()) {
    ASSIGN_OR_RETURN(TableObjective table, ReadNb201Csv(options.csv_path));
    return RunSearchOn(table, options.csv_path, options);
  }
  ASSIGN_OR_RETURN(const BenchmarkStore store, BenchmarkStore::Load(options.benchmark_path));
  ASSIGN_OR_RETURN(BenchmarkObjective primary, BenchmarkObjective::Create(&store, options.metric));
  const std::string description =
      absl::StrCat(options.benchmark_path, " (", store.size(), " cells; dataset '",
                   store.provenance().dataset(), "', scale '", store.provenance().scale(), "')");
  if (options.constraint_metric.empty()) return RunSearchOn(primary, description, options);
  ASSIGN_OR_RETURN(BenchmarkObjective secondary,
                   BenchmarkObjective::Create(&store, options.constraint_metric));
  // Infeasible cells score below every accuracy (a finite penalty, so the
  // algorithms' arithmetic stays defined).
  ASSIGN_OR_RETURN(auto constrained, ConstrainedObjective::Create(&primary, &secondary,
                                                                  options.constraint_max, -1e6));
  return RunSearchOn(*constrained, description, options);
}

}  // namespace aimc::nas::search
