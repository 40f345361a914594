#include "training/lr_schedule.h"

#include <cmath>
#include <numbers>

#include "common/status_macros.h"

namespace aimc::training {

double CosineLearningRate(double lr_max, double lr_min, int epoch, int total_epochs) {
  AIMC_CHECK(total_epochs >= 1);
  AIMC_CHECK(epoch >= 0 && epoch <= total_epochs);
  const double phase = std::numbers::pi * epoch / total_epochs;
  return lr_min + (lr_max - lr_min) * 0.5 * (1.0 + std::cos(phase));
}

double StepLearningRate(double lr, int epoch, int total_epochs, int warmup_epochs,
                        double warmup_factor, const std::vector<double>& milestone_fractions,
                        double gamma) {
  AIMC_CHECK(total_epochs >= 1);
  AIMC_CHECK(epoch >= 0 && epoch <= total_epochs);
  AIMC_CHECK(warmup_epochs >= 0);
  if (epoch < warmup_epochs) return lr * warmup_factor;
  double rate = lr;
  for (double f : milestone_fractions) {
    if (epoch >= static_cast<int>(std::floor(f * total_epochs))) rate *= gamma;
  }
  return rate;
}

}  // namespace aimc::training
