// Learning-rate schedules of digital training. CosineLearningRate is PyTorch's
// CosineAnnealingLR stepped once per epoch, as AnalogNAS-Bench trains its
// baseline (nas_spec.md §4.2): lr_e = lr_min + (lr_max - lr_min) · (1 +
// cos(π e / T)) / 2 for epoch e = 0..T-1, so lr_0 = lr_max and lr_T = lr_min
// (the value after the last epoch). Learning rates are in the optimizer's
// units (per step, unitless). No LibTorch. Thread-safe (pure functions).
#ifndef AIMC_TRAINING_LR_SCHEDULE_H_
#define AIMC_TRAINING_LR_SCHEDULE_H_

namespace aimc::training {

// REQUIRES: total_epochs >= 1, 0 <= epoch <= total_epochs (checked).
double CosineLearningRate(double lr_max, double lr_min, int epoch, int total_epochs);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_LR_SCHEDULE_H_
