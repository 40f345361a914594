// Learning-rate schedules of digital training. CosineLearningRate is PyTorch's
// CosineAnnealingLR stepped once per epoch, as AnalogNAS-Bench trains its
// baseline (nas_spec.md §4.2): lr_e = lr_min + (lr_max - lr_min) · (1 +
// cos(π e / T)) / 2 for epoch e = 0..T-1, so lr_0 = lr_max and lr_T = lr_min
// (the value after the last epoch). StepLearningRate is Rasch et al. 2023's
// pattern (vant_rasch_spec.md B.2.3, B.5-5): `warmup_epochs` at lr ·
// warmup_factor, then lr, multiplied by `gamma` at each milestone epoch
// floor(f · T) for the fractions f (e.g. {0.5, 0.75}: ÷10 at 50 % and 75 %,
// PyTorch's MultiStepLR after a constant warm-up). Learning rates are in the optimizer's
// units (per step, unitless). No LibTorch. Thread-safe (pure functions).
#ifndef AIMC_TRAINING_LR_SCHEDULE_H_
#define AIMC_TRAINING_LR_SCHEDULE_H_

#include <vector>

namespace aimc::training {

// REQUIRES: total_epochs >= 1, 0 <= epoch <= total_epochs (checked).
double CosineLearningRate(double lr_max, double lr_min, int epoch, int total_epochs);

// REQUIRES: total_epochs >= 1, 0 <= epoch <= total_epochs, warmup_epochs >= 0
// (checked).
double StepLearningRate(double lr, int epoch, int total_epochs, int warmup_epochs,
                        double warmup_factor, const std::vector<double>& milestone_fractions,
                        double gamma);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_LR_SCHEDULE_H_
