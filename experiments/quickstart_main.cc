// bazel run //experiments:quickstart -- [--data=cifar10 --data_dir=DIR] [--epochs=3] ...
// Trains one NAS-Bench-201 cell at a small scale, quantizes it (PTQ, QAT) and
// prints the baseline, PTQ and QAT accuracies, the scale, the machine and the
// wall times (experiments/quickstart.h).
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/malloc_tuning.h"
#include "experiments/quickstart.h"

ABSL_FLAG(std::string, data, "fashion_mnist", "fashion_mnist or cifar10");
ABSL_FLAG(std::string, data_dir, "",
          "dataset directory; default Debian's Fashion-MNIST; required for cifar10");
ABSL_FLAG(std::string, arch, "(2,2,0,2,2,3)", "NB201 cell string or op tuple");
ABSL_FLAG(int, channels, 8, "C, the stem width (benchmark: 16)");
ABSL_FLAG(int, cells_per_stage, 1, "N (benchmark: 5)");
ABSL_FLAG(int, image_size, 16, "16 (2x2-averaged) or 32 px");
ABSL_FLAG(int64_t, train_images, 6000, "first training images used; 0 = all");
ABSL_FLAG(int64_t, test_images, 1000, "first test images used; 0 = all");
ABSL_FLAG(int, epochs, 3, "training epochs (benchmark: 200)");
ABSL_FLAG(int, batch_size, 128, "images per step (benchmark: 256)");
ABSL_FLAG(int, threads, 2, "torch threads");
ABSL_FLAG(uint64_t, seed, 0, "seed of the weights, order and augmentation");
ABSL_FLAG(int, eval_repetitions, 1, "test passes averaged (benchmark: 25)");
ABSL_FLAG(int, qat_epochs, 2, "QAT fine-tuning epochs after the baseline; 0 = none (benchmark: 20)");
ABSL_FLAG(int, hwt_epochs, 1, "hardware-aware training epochs; 0 = no analog metrics");
ABSL_FLAG(int, analog_repetitions, 3, "test passes per analog accuracy (benchmark: 25)");
ABSL_FLAG(std::string, checkpoint, "", "checkpoint file; resumed when present");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Trains one NAS-Bench-201 cell quickly, quantizes it; prints the accuracies.");
  aimc::RetainFreedMemory(argv);  // LibTorch training re-allocates every step
  absl::ParseCommandLine(argc, argv);
  aimc::experiments::QuickstartOptions options;
  options.data = absl::GetFlag(FLAGS_data);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.arch = absl::GetFlag(FLAGS_arch);
  options.channels = absl::GetFlag(FLAGS_channels);
  options.cells_per_stage = absl::GetFlag(FLAGS_cells_per_stage);
  options.image_size = absl::GetFlag(FLAGS_image_size);
  options.train_images = absl::GetFlag(FLAGS_train_images);
  options.test_images = absl::GetFlag(FLAGS_test_images);
  options.epochs = absl::GetFlag(FLAGS_epochs);
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  options.threads = absl::GetFlag(FLAGS_threads);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.eval_repetitions = absl::GetFlag(FLAGS_eval_repetitions);
  options.qat_epochs = absl::GetFlag(FLAGS_qat_epochs);
  options.checkpoint_path = absl::GetFlag(FLAGS_checkpoint);
  options.hwt_epochs = absl::GetFlag(FLAGS_hwt_epochs);
  options.analog_repetitions = absl::GetFlag(FLAGS_analog_repetitions);

  const auto report = aimc::experiments::RunQuickstart(options, stderr);
  if (!report.ok()) {
    std::fprintf(stderr, "quickstart: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::fputs(aimc::experiments::FormatQuickstartReport(options, *report).c_str(), stdout);
  return 0;
}
