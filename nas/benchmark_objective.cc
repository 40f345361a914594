#include "nas/benchmark_objective.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::nas {

absl::StatusOr<BenchmarkObjective> BenchmarkObjective::Create(const BenchmarkStore* store,
                                                              absl::string_view metric,
                                                              Sense sense) {
  AIMC_CHECK(store != nullptr);
  ASSIGN_OR_RETURN(const MetricId id, ResolveMetric(metric));
  return BenchmarkObjective(store, id, sense);
}

absl::StatusOr<double> BenchmarkObjective::Evaluate(const Cell& cell) {
  ASSIGN_OR_RETURN(const double value, store_->Metric(cell, metric_));
  return sense_ == Sense::kMinimize ? -value : value;
}

std::string BenchmarkObjective::name() const {
  return absl::StrCat(sense_ == Sense::kMinimize ? "-" : "", MetricName(metric_));
}

}  // namespace aimc::nas
