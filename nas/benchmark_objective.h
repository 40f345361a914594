// BenchmarkObjective: one metric of a BenchmarkStore as a NAS objective
// (nas/objective.h), e.g. analog_drift_86400, the Table-1 objective of
// ../shared/docs/nas_spec.md §3.0. Lower-is-better metrics (avm, params,
// flops) are negated with Sense::kMinimize so that higher is always better.
// Create returns InvalidArgument for an unknown metric; Evaluate returns
// NotFound for a cell (or value) the store lacks. Thread-compatible; Evaluate
// only reads the store.
#ifndef AIMC_NAS_BENCHMARK_OBJECTIVE_H_
#define AIMC_NAS_BENCHMARK_OBJECTIVE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/objective.h"

namespace aimc::nas {

class BenchmarkObjective : public Objective {
 public:
  enum class Sense { kMaximize, kMinimize };

  // `store` is not owned and must outlive the objective.
  static absl::StatusOr<BenchmarkObjective> Create(const BenchmarkStore* store,
                                                   absl::string_view metric,
                                                   Sense sense = Sense::kMaximize);

  // The stored value (percent for accuracies), negated for kMinimize.
  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  // The metric name, "-" prefixed for kMinimize (e.g. "-avm").
  std::string name() const override;

  MetricId metric() const { return metric_; }

 private:
  BenchmarkObjective(const BenchmarkStore* store, MetricId metric, Sense sense)
      : store_(store), metric_(metric), sense_(sense) {}

  const BenchmarkStore* store_;
  MetricId metric_;
  Sense sense_;
};

}  // namespace aimc::nas

#endif  // AIMC_NAS_BENCHMARK_OBJECTIVE_H_
