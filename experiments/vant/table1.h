// VANT Table 1 (vant_rasch_spec.md A.4) from accuracy curves: per σ_train
// the rAUC of NT and of VANT against the matched-noise upper bound, the
// preserved accuracy, the paper's row beside ours, and the checks T1a-T1e.
// Plain C++ (the curves come from vant_models.h), so the table and its
// verdicts are tested on hand-made curves. Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_VANT_TABLE1_H_
#define AIMC_EXPERIMENTS_VANT_TABLE1_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "experiments/checks.h"
#include "training/vant/noise_robustness.h"

namespace aimc::experiments::vant {

// The paper's Table 1 (ResNet-18 / CIFAR-10, α = 0.45), per σ_train of
// training::vant::TrainSigmaGrid().
struct PaperTable1Column {
  double sigma_train, theta, preserved_pp, rauc_nt_pct, rauc_vant_pct;
};
absl::Span<const PaperTable1Column> PaperTable1();

struct Table1Row {
  double sigma_train = 0;
  double theta = 0;
  double preserved_pp = 0;
  double rauc_nt_pct = 0;
  double rauc_vant_pct = 0;
};

// The checks of A.4 (experiments/checks.h).
using ::aimc::experiments::Check;
using ::aimc::experiments::FormatChecks;

struct Table1Result {
  std::vector<Table1Row> rows;  // one per σ_train, in grid order
  std::vector<Check> checks;    // T1a-T1e
};

// nt: NT curves trained at every point of the curves' grid (the matched
// upper bound needs them all); vant: one per σ_train of the paper's table
// (sigma_train = its σ, with its θ in `thetas`, same order). NotFound names a
// missing model; InvalidArgument a bad curve.
absl::StatusOr<Table1Result> ComputeTable1(absl::Span<const training::vant::TrainedCurve> nt,
                                           absl::Span<const training::vant::TrainedCurve> vant,
                                           absl::Span<const double> thetas);

// Several seeds (vant_rasch_spec.md A.2): `mean` is ComputeTable1 on the
// curves averaged over seeds (before the AUCs); `sd` the sample sd over the
// per-seed tables of each row's PA, rAUC_NT and rAUC_VANT; `checks` those of
// `mean`, plus with >= 2 seeds T1a-se: at every σ_train >= 0.5 the per-seed
// gain's mean exceeds 2 standard errors.
struct Table1Summary {
  int seeds = 0;
  Table1Result mean;
  std::vector<Table1Row> sd;  // sigma_train and theta copied; 0 for one seed
};

// per_seed[s] = {nt curves, vant curves} of seed s, each as ComputeTable1
// takes them, the same models in the same order for every seed.
struct SeedCurves {
  std::vector<training::vant::TrainedCurve> nt, vant;
};
absl::StatusOr<Table1Summary> ComputeTable1Seeds(absl::Span<const SeedCurves> per_seed,
                                                 absl::Span<const double> thetas);

// The summary: FormatTable1 of the mean, with "± sd" columns for more seeds.
std::string FormatTable1(const Table1Summary& summary);

// The table, paper above ours per row, then one "CHECK id PASS|FAIL measured
// criterion" line per check (vant_rasch_spec.md C).
std::string FormatTable1(const Table1Result& result);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_TABLE1_H_
