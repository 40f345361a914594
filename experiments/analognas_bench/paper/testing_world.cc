#include "experiments/analognas_bench/paper/testing_world.h"

#include "common/status_macros.h"
#include "nas/benchmark.pb.h"
#include "nas/cell.h"

namespace aimc::experiments::anb_paper::testing {
namespace {

// A deterministic value in [-0.5, 0.5) from the cell index and a salt.
double Jitter(int i, int salt) {
  const uint64_t h = (static_cast<uint64_t>(i) * 2654435761u + salt * 40503u) % 1000003u;
  return static_cast<double>(h % 1000) / 1000.0 - 0.5;
}

nas::ArchRecord Record(const nas::Cell& cell, World world) {
  using nas::Op;
  const int i = cell.LexIndex();
  const double n3 = cell.CountOp(Op::kNorConv3x3), n1 = cell.CountOp(Op::kNorConv1x1),
               ns = cell.CountOp(Op::kSkipConnect), np = cell.CountOp(Op::kAvgPool3x3),
               nz = cell.CountOp(Op::kNone);
  const bool paper = world == World::kPaperLike;
  nas::ArchRecord r;
  for (int code : cell.Codes()) r.add_ops(code);
  const double baseline = 80 + 2 * n3 + n1 - nz + 2 * Jitter(i, 1);
  r.set_baseline_accuracy(baseline);
  r.set_ptq_accuracy(paper ? baseline - 0.3 + 0.2 * Jitter(i, 2) : 70 + 20 * Jitter(i, 2));
  r.set_qat_accuracy(baseline - 0.6 + 0.2 * Jitter(i, 3));
  const double noisy = paper ? baseline - (4 + 5 * n1 - 0.5 * (n3 + ns + np)) + 3 * Jitter(i, 4)
                             : baseline - (4 + 0.5 * n3 - 0.5 * n1) + 0.3 * Jitter(i, 4);
  const double analog = baseline - 1 - 0.3 * n1 + 0.5 * Jitter(i, 5);
  r.set_noisy_accuracy(noisy);
  r.set_analog_accuracy(analog);
  for (int t = 0; t < 4; ++t) {
    const double large = (3 + 3 * t) * (1 + 0.2 * (n1 + nz)) + 0.1 * Jitter(i, 6 + t);
    const double small = (0.5 + 0.5 * t) * (1 + 0.3 * (np + nz)) + 0.1 * Jitter(i, 10 + t);
    nas::DriftMetric* n = r.add_noisy_drift();
    n->set_time_s(static_cast<double>(nas::kDriftTimesS[t]));
    n->set_mean(noisy - (paper ? large : small));
    n->set_std(0.1);
    nas::DriftMetric* a = r.add_analog_drift();
    a->set_time_s(static_cast<double>(nas::kDriftTimesS[t]));
    a->set_mean(analog - (paper ? small : large));
    a->set_std(0.1);
  }
  return r;
}

}  // namespace

nas::BenchmarkStore MakeWorld(World world, int stride) {
  nas::BenchmarkStore store;
  nas::Provenance* p = store.mutable_provenance();
  p->set_dataset("synthetic");
  p->set_scale("test");
  p->add_seeds(7);
  p->set_source(world == World::kPaperLike ? "testing_world paper-like" : "testing_world inverted");
  for (int i = 0; i < nas::kNumCells; i += stride) {
    AIMC_CHECK(store.Add(Record(nas::AllCells()[i], world)).ok());
  }
  return store;
}

}  // namespace aimc::experiments::anb_paper::testing
