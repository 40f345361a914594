#include "nas/crossnas/fitness.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace aimc::nas::crossnas {

absl::Status ValidateFitnessConfig(const FitnessConfig& c) {
  if (!(c.accuracy_weight >= 0 && c.accuracy_weight <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("accuracy_weight: must be in [0, 1], got ", c.accuracy_weight));
  }
  if (!std::isfinite(c.latency_min_ms) || !std::isfinite(c.latency_max_ms) ||
      !(c.latency_max_ms > c.latency_min_ms)) {
    return absl::InvalidArgumentError(absl::StrCat("latency bounds: need finite min < max, got ",
                                                   c.latency_min_ms, "..", c.latency_max_ms,
                                                   " ms"));
  }
  if (!std::isfinite(c.energy_min_mj) || !std::isfinite(c.energy_max_mj) ||
      !(c.energy_max_mj > c.energy_min_mj)) {
    return absl::InvalidArgumentError(absl::StrCat("energy bounds: need finite min < max, got ",
                                                   c.energy_min_mj, "..", c.energy_max_mj, " mJ"));
  }
  return absl::OkStatus();
}

double NormalizedLatency(double latency_ms, const FitnessConfig& c) {
  return std::max(0.0,
                  100 * (latency_ms - c.latency_min_ms) / (c.latency_max_ms - c.latency_min_ms));
}

double NormalizedEnergy(double energy_mj, const FitnessConfig& c) {
  return std::max(0.0, 100 * (energy_mj - c.energy_min_mj) / (c.energy_max_mj - c.energy_min_mj));
}

double NormalizedEdp(const CandidateMetrics& m, const FitnessConfig& c) {
  return NormalizedLatency(m.latency_ms, c) * NormalizedEnergy(m.energy_mj, c);
}

double Fitness(const CandidateMetrics& m, const FitnessConfig& c) {
  return c.accuracy_weight * m.accuracy_pct - (1 - c.accuracy_weight) * NormalizedEdp(m, c);
}

}  // namespace aimc::nas::crossnas
