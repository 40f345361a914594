#include "nas/testing/synthetic_benchmark.h"

#include "common/status_macros.h"
#include "nas/cell_graph.h"

namespace aimc::nas::test_util {

ArchRecord SyntheticRecord(const Cell& cell) {
  const int i = cell.LexIndex();
  ArchRecord r;
  for (int code : cell.Codes()) r.add_ops(code);
  r.set_arch_index(static_cast<int>((int64_t{7919} * i) % kNumCells));
  const double baseline = 80 + (i % 1500) / 100.0;
  r.set_baseline_accuracy(baseline);
  if (i % 97 != 0) r.set_ptq_accuracy(baseline - 0.5);
  r.set_qat_accuracy(baseline - 0.25);
  r.set_noisy_accuracy(baseline - 8);
  r.set_analog_accuracy(baseline - 2);
  for (int t = 0; t < static_cast<int>(kDriftTimesS.size()); ++t) {
    DriftMetric* noisy = r.add_noisy_drift();
    noisy->set_time_s(static_cast<double>(kDriftTimesS[t]));
    noisy->set_mean(baseline - 8 - 3.0 * (t + 1));
    noisy->set_std(0.125 * (t + 1));
    DriftMetric* analog = r.add_analog_drift();
    analog->set_time_s(static_cast<double>(kDriftTimesS[t]));
    analog->set_mean(baseline - 2 - 0.5 * (t + 1));
    analog->set_std(0.0625 * (t + 1));
  }
  r.set_params(ParamCount(cell));
  r.set_flops(int64_t{1000} * i + 7);
  return r;
}

BenchmarkStore SyntheticStore(int num_cells, int stride) {
  AIMC_CHECK(num_cells >= 1 && stride >= 1 && num_cells * stride <= kNumCells);
  BenchmarkStore store;
  Provenance* p = store.mutable_provenance();
  p->set_dataset("synthetic");
  p->set_scale("test");
  p->add_seeds(42);
  p->add_seeds(43);
  p->set_simulator_preset("analognas_bench");
  p->set_date("2025-01-01T00:00:00Z");
  p->set_code_version("test");
  p->set_source("nas/testing/synthetic_benchmark.cc");
  for (int k = 0; k < num_cells; ++k) {
    AIMC_CHECK(store.Add(SyntheticRecord(AllCells()[k * stride])).ok());
  }
  return store;
}

}  // namespace aimc::nas::test_util
