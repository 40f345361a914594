// The quick-start job: trains one NAS-Bench-201 cell at a small scale
// (C = 8, N = 1, Fashion-MNIST padded to 32x32 and down-scaled to 16x16,
// 6,000 train / 1,000 test images, 3 epochs by default) with the
// AnalogNAS-Bench digital protocol (training/trainer.h), then quantizes copies
// of the trained model post-training (PTQ, calibrated on the test split as the
// reference does) and by quantization-aware training (QAT, 2 epochs by
// default; training/quantization/), and reports the baseline, PTQ and QAT test
// accuracies, then the analog ones (training/analog/: the converted model under
// forward noise, after one HWT epoch, and both after 1 d of PCM drift), the
// scale it ran at and the wall times: a few minutes on 2 cores. RunQuickstart
// returns InvalidArgument for bad options and NotFound, saying which flag to
// pass, when the data is missing. Only composes training/, networks/ and nas/
// (style.md §9). Thread-compatible.
#ifndef AIMC_EXPERIMENTS_QUICKSTART_H_
#define AIMC_EXPERIMENTS_QUICKSTART_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace aimc::experiments {

struct QuickstartOptions {
  std::string data = "fashion_mnist";  // "fashion_mnist" or "cifar10"
  // Empty: Debian's Fashion-MNIST directory; CIFAR-10 needs a directory (the
  // binary version, or ../shared/data/cifar10_subset).
  std::string data_dir;
  std::string arch = "(2,2,0,2,2,3)";  // cell string or op tuple (nas/cell.h)
  int channels = 8;                    // C, NB201's stem width (benchmark: 16)
  int cells_per_stage = 1;             // N (benchmark: 5)
  int image_size = 16;                 // 32 or 16 px (16: 2x2 averages of 32)
  int64_t train_images = 6000;         // first images of each split; 0 = all
  int64_t test_images = 1000;
  int epochs = 3;                      // benchmark: 200
  int batch_size = 128;                // benchmark: 256
  int threads = 2;
  uint64_t seed = 0;                   // network init, order and augmentation
  int eval_repetitions = 1;            // test passes averaged (benchmark: 25)
  int qat_epochs = 2;                  // QAT fine-tuning epochs, >= 0; 0 = no QAT (benchmark: 20)
  std::string checkpoint_path;         // empty: none; else resumed when present
  // Analog metrics (training/analog/): HWT epochs, >= 0; 0 = no analog part.
  int hwt_epochs = 1;                  // benchmark: 200
  int analog_repetitions = 3;          // passes per analog accuracy, >= 1 (benchmark: 25)
};

absl::Status ValidateQuickstartOptions(const QuickstartOptions& options);

struct QuickstartReport {
  std::vector<std::string> header_lines;  // data, scale, machine, seed
  double baseline_accuracy_pct = 0;       // mean over eval_repetitions, %
  double baseline_std_pct = 0;
  double final_train_loss = 0;            // nats per image
  double ptq_accuracy_pct = 0;            // int8 PTQ copy, mean over eval_repetitions, %
  double ptq_std_pct = 0;
  double qat_accuracy_pct = 0;            // int8 QAT copy (unset with qat_epochs 0), %
  double qat_std_pct = 0;
  // Analog metrics as (mean, std) %, unset with hwt_epochs 0: the converted
  // digital model under forward noise; after HWT; both after 1 d of drift.
  std::pair<double, double> noisy, analog, noisy_drift_1d, analog_drift_1d;
  absl::Duration load_time, train_time, eval_time, ptq_time, qat_time, analog_time, total_time;
};

// Runs the job; progress and per-epoch lines go to `log` (not owned; may be
// nullptr).
absl::StatusOr<QuickstartReport> RunQuickstart(const QuickstartOptions& options,
                                               std::FILE* log);

// The report as printed by the binary, ending in a newline.
std::string FormatQuickstartReport(const QuickstartOptions& options,
                                   const QuickstartReport& report);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_QUICKSTART_H_
