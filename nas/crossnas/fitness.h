// The CrossNAS fitness (crossnas_spec.md §4.2, §10.1; paper eq. 4 in the
// code's form): FF = w * acc - (1 - w) * EDP_norm, acc in percent (0-100),
// EDP_norm = L_norm * E_norm with L_norm = 100 (L - L_min) / (L_max - L_min)
// (L in ms) and E_norm = 100 (E - E_min) / (E_max - E_min) (E in mJ), each
// factor clamped at >= 0 [R] (not clamped above: nets slower than L_max
// score > 100). Bounds default to the code's 0.164-1.414 ms and 0.033-63 mJ.
// Thread-safe: values and pure functions.
#ifndef AIMC_NAS_CROSSNAS_FITNESS_H_
#define AIMC_NAS_CROSSNAS_FITNESS_H_

#include "absl/status/status.h"

namespace aimc::nas::crossnas {

// What an evaluator reports for one candidate.
struct CandidateMetrics {
  double accuracy_pct = 0;  // top-1, percent
  double energy_mj = 0;     // per inference image
  double latency_ms = 0;    // per inference image (pipelined)
};

struct FitnessConfig {
  // w_acc in [0, 1]. 0.99 is the paper's accuracy-focused run, 0.8 its
  // EDP-focused one; one w per run, both stages (§10.19).
  double accuracy_weight = 0.99;
  double latency_min_ms = 0.164;
  double latency_max_ms = 1.414;
  double energy_min_mj = 0.033;
  double energy_max_mj = 63.0;
};

// InvalidArgument naming the field: w outside [0, 1], max <= min, non-finite.
absl::Status ValidateFitnessConfig(const FitnessConfig& config);

// Percent of the latency / energy bound range, clamped at >= 0.
double NormalizedLatency(double latency_ms, const FitnessConfig& config);
double NormalizedEnergy(double energy_mj, const FitnessConfig& config);
// L_norm * E_norm: 0..10^4 inside the bounds.
double NormalizedEdp(const CandidateMetrics& metrics, const FitnessConfig& config);
// REQUIRES: ValidateFitnessConfig(config).ok().
double Fitness(const CandidateMetrics& metrics, const FitnessConfig& config);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_FITNESS_H_
