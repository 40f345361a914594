#include "experiments/quickstart.h"

#include <unistd.h>

#include <fstream>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"
#include "training/data/named_dataset.h"
#include "training/data/transforms.h"
#include "training/analog/analog_eval.h"
#include "training/analog/hwt.h"
#include "training/analog/hwt_recipe.h"
#include "training/evaluate.h"
#include "training/quantization/ptq.h"
#include "training/quantization/qat.h"
#include "training/regime.h"
#include "training/trainer.h"

namespace aimc::experiments {
namespace {

using training::Dataset;

training::NamedDatasetOptions DataOptions(const QuickstartOptions& o, int64_t max_images) {
  training::NamedDatasetOptions d;
  d.name = o.data;
  d.dir = o.data_dir;
  d.image_size = o.image_size;
  d.max_images = max_images;
  return d;
}

// The data library names no flags; the tool says which ones to pass.
absl::Status WithDataFlags(const absl::Status& s) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(s.message(), " (pass --data=fashion_mnist|cifar10 "
                                                          "--data_dir=<directory of the dataset>)"));
}

absl::StatusOr<Dataset> LoadSplit(const QuickstartOptions& o, training::Split split,
                                  int64_t n) {
  absl::StatusOr<Dataset> d = training::LoadNamedDataset(DataOptions(o, n), split);
  if (!d.ok()) return WithDataFlags(d.status());
  return d;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(colon + 2);
    }
  }
  return "unknown CPU";
}

}  // namespace

absl::Status ValidateQuickstartOptions(const QuickstartOptions& o) {
  RETURN_IF_ERROR(WithDataFlags(training::ValidateNamedDatasetOptions(DataOptions(o, 0))));
  if (o.train_images < 0 || o.test_images < 0) {
    return absl::InvalidArgumentError("--train_images, --test_images: must be >= 0 (0 = all)");
  }
  if (o.hwt_epochs < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--hwt_epochs: must be >= 0 (0 = no analog metrics), got ", o.hwt_epochs));
  }
  if (o.analog_repetitions < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--analog_repetitions: must be >= 1, got ", o.analog_repetitions));
  }
  if (o.qat_epochs < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--qat_epochs: must be >= 0 (0 = no QAT), got ", o.qat_epochs));
  }
  if (o.eval_repetitions < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--eval_repetitions: must be >= 1, got ", o.eval_repetitions));
  }
  return absl::OkStatus();
}

absl::StatusOr<QuickstartReport> RunQuickstart(const QuickstartOptions& o, std::FILE* log) {
  RETURN_IF_ERROR(ValidateQuickstartOptions(o));
  const absl::Time start = absl::Now();
  QuickstartReport report;
  ASSIGN_OR_RETURN(const Dataset train, LoadSplit(o, training::Split::kTrain, o.train_images));
  ASSIGN_OR_RETURN(const Dataset test, LoadSplit(o, training::Split::kTest, o.test_images));
  report.load_time = absl::Now() - start;

  networks::Nb201Config net_config;
  net_config.stem_channels = o.channels;
  net_config.cells_per_stage = o.cells_per_stage;
  net_config.num_classes = train.num_classes();
  net_config.input_channels = train.shape().channels;
  net_config.init_seed = o.seed;
  ASSIGN_OR_RETURN(networks::Nb201Network nb201, networks::CreateNb201Network(o.arch, net_config));
  networks::Network net = networks::AsNetwork(nb201);
  // A deep copy of the trained model: same config and cell, then its state.
  const auto copy_of_net = [&]() -> absl::StatusOr<networks::Network> {
    ASSIGN_OR_RETURN(networks::Nb201Network copy, networks::CreateNb201Network(o.arch, net_config));
    networks::Network copy_net = networks::AsNetwork(copy);
    RETURN_IF_ERROR(networks::CopyModuleState(*net, *copy_net));
    return copy_net;
  };
  ASSIGN_OR_RETURN(const int64_t macs, net->MacCount(train.shape().height, train.shape().width));

  // Standard augmentation at this size: crop after a border of size/8 px, flip.
  const training::Normalization norm = training::MeasureNormalization(train);
  training::TrainerConfig tc;  // optimizer: the defaults (SGD 0.1, Nesterov 0.9, wd 5e-4)
  tc.schedule.epochs = o.epochs;
  tc.checkpoint.path = o.checkpoint_path;
  tc.logging.log = log;
  tc.batch_size = o.batch_size;
  tc.seed = o.seed;
  tc.num_threads = o.threads;
  tc.augment.crop_padding = o.image_size / 8;
  tc.augment.random_flip = true;
  tc.augment.normalization = norm;

  report.header_lines = {
      absl::StrCat("data: ", train.name(), " ", train.size(), " / ", test.name(), " ",
                   test.size(), " images, ", training::ShapeString(train.shape()), " [",
                   train.provenance(), "]"),
      absl::StrCat("scale: cell ", nb201->cell().ToTupleString(), " = ",
                   nb201->cell().ToString(), ", C=", o.channels, " N=", o.cells_per_stage,
                   ", ", net->ParamCount(), " parameters, ", macs, " MACs/image; ", o.epochs,
                   " epochs, batch ", o.batch_size,
                   ", SGD lr 0.1 cosine->0, Nesterov 0.9, wd 5e-4, train crop ",
                   tc.augment.crop_padding, " px + flip"),
      absl::StrCat("machine: ", CpuModel(), ", ", std::thread::hardware_concurrency(),
                   " hardware threads; ", o.threads, " torch threads, 1 BLAS thread"),
      absl::StrCat("seed: ", o.seed)};

  const absl::Time train_start = absl::Now();
  ASSIGN_OR_RETURN(auto trainer, training::Trainer::Create(net, &train, tc,
                                                          std::make_unique<training::DigitalRegime>()));
  RETURN_IF_ERROR(trainer->Train());
  report.train_time = absl::Now() - train_start;
  if (const auto last = trainer->last_epoch(); last.has_value()) {
    report.final_train_loss = last->mean_loss;
  }

  training::EvalConfig ec;
  ec.repetitions = o.eval_repetitions;
  ec.num_threads = o.threads;
  ec.seed = o.seed + 1;
  ec.augment.normalization = norm;
  const absl::Time eval_start = absl::Now();
  ASSIGN_OR_RETURN(const training::EvalResult eval, training::Evaluate(net, test, ec));
  report.eval_time = absl::Now() - eval_start;
  report.baseline_accuracy_pct = eval.mean_accuracy_pct;
  report.baseline_std_pct = eval.std_accuracy_pct;

  // PTQ, calibrated on the test split as the reference does (its images as
  // evaluated here: normalised, not cropped or flipped).
  const absl::Time ptq_start = absl::Now();
  ASSIGN_OR_RETURN(networks::Network ptq_net, copy_of_net());
  training::PtqOptions po;
  po.augment.normalization = norm;
  po.seed = o.seed + 2;
  po.num_threads = o.threads;
  RETURN_IF_ERROR(training::QuantizePostTraining(ptq_net, test, po));
  ASSIGN_OR_RETURN(const training::EvalResult ptq_eval, training::Evaluate(ptq_net, test, ec));
  report.ptq_time = absl::Now() - ptq_start;
  report.ptq_accuracy_pct = ptq_eval.mean_accuracy_pct;
  report.ptq_std_pct = ptq_eval.std_accuracy_pct;

  // QAT: Adam 1e-3, wd 1e-4, clip 1, plateau on the last 10 % of the train split.
  if (o.qat_epochs > 0) {
    const absl::Time qat_start = absl::Now();
    ASSIGN_OR_RETURN(networks::Network qat_net, copy_of_net());
    training::QatOptions qo;
    qo.epochs = o.qat_epochs;
    qo.batch_size = o.batch_size;
    qo.augment = tc.augment;
    qo.seed = o.seed + 3;
    qo.num_threads = o.threads;
    if (!o.checkpoint_path.empty()) qo.checkpoint_path = o.checkpoint_path + ".qat";
    qo.log = log;
    RETURN_IF_ERROR(training::QuantizationAwareTraining(qat_net, train, &test, qo));
    ASSIGN_OR_RETURN(const training::EvalResult qat_eval, training::Evaluate(qat_net, test, ec));
    report.qat_time = absl::Now() - qat_start;
    report.qat_accuracy_pct = qat_eval.mean_accuracy_pct;
    report.qat_std_pct = qat_eval.std_accuracy_pct;
  }

  // Analog (nas_spec.md §4.5-4.7, training/analog/): the converted digital
  // model under forward noise, then HWT of that model, then both programmed
  // onto PCM and read after 1 day of drift.
  if (o.hwt_epochs > 0) {
    const absl::Time analog_start = absl::Now();
    ASSIGN_OR_RETURN(const training::HwtRecipe recipe, training::LoadHwtRecipe("analognas_bench"));
    ASSIGN_OR_RETURN(const crossbar::TileConfig tile,
                     crossbar::LoadTileConfig(recipe.tile_preset()));
    training::EvalConfig aec = ec;
    aec.repetitions = o.analog_repetitions;
    ASSIGN_OR_RETURN(networks::Network converted, copy_of_net());
    RETURN_IF_ERROR(training::ConvertForHwt(converted, tile, recipe, o.seed + 4));
    ASSIGN_OR_RETURN(const training::EvalResult noisy,
                     training::EvaluateNoisy(converted, test, aec));
    ASSIGN_OR_RETURN(networks::Network hwt, copy_of_net());
    RETURN_IF_ERROR(training::ConvertForHwt(hwt, tile, recipe, o.seed + 5));
    training::TrainerConfig htc = tc;
    htc.schedule.epochs = o.hwt_epochs;
    htc.checkpoint.path = o.checkpoint_path.empty() ? "" : o.checkpoint_path + ".hwt";
    RETURN_IF_ERROR(training::TrainHardwareAware(hwt, train, recipe, htc));
    ASSIGN_OR_RETURN(const training::EvalResult analog, training::EvaluateNoisy(hwt, test, aec));
    training::DriftEvalConfig dc;
    dc.eval = aec;
    dc.times_s = {86400};
    ASSIGN_OR_RETURN(const auto noisy_drift, training::EvaluateDrift(converted, test, dc));
    ASSIGN_OR_RETURN(const auto analog_drift, training::EvaluateDrift(hwt, test, dc));
    report.noisy = {noisy.mean_accuracy_pct, noisy.std_accuracy_pct};
    report.analog = {analog.mean_accuracy_pct, analog.std_accuracy_pct};
    report.noisy_drift_1d = {noisy_drift[0].result.mean_accuracy_pct,
                             noisy_drift[0].result.std_accuracy_pct};
    report.analog_drift_1d = {analog_drift[0].result.mean_accuracy_pct,
                              analog_drift[0].result.std_accuracy_pct};
    report.analog_time = absl::Now() - analog_start;
  }
  report.total_time = absl::Now() - start;
  return report;
}

std::string FormatQuickstartReport(const QuickstartOptions& o, const QuickstartReport& r) {
  std::string out = absl::StrCat(absl::StrJoin(r.header_lines, "\n"), "\n");
  absl::StrAppendFormat(&out, "baseline accuracy: %.2f %% ± %.2f (%d test pass%s)\n",
                        r.baseline_accuracy_pct, r.baseline_std_pct, o.eval_repetitions,
                        o.eval_repetitions == 1 ? "" : "es");
  const char* passes = o.eval_repetitions == 1 ? "" : "es";
  absl::StrAppendFormat(&out,
                        "ptq accuracy: %.2f %% ± %.2f (%d test pass%s; int8 weights per channel, "
                        "7-bit activations, MinMax-calibrated on the test split) in %.1f s\n",
                        r.ptq_accuracy_pct, r.ptq_std_pct, o.eval_repetitions, passes,
                        absl::ToDoubleSeconds(r.ptq_time));
  if (o.qat_epochs > 0) {
    absl::StrAppendFormat(&out,
                          "qat accuracy: %.2f %% ± %.2f (%d test pass%s; %d QAT epoch%s, Adam "
                          "1e-3, plateau on the last 10 %% of train) in %.1f s\n",
                          r.qat_accuracy_pct, r.qat_std_pct, o.eval_repetitions, passes,
                          o.qat_epochs, o.qat_epochs == 1 ? "" : "s",
                          absl::ToDoubleSeconds(r.qat_time));
  } else {
    out += "qat accuracy: not run (--qat_epochs=0)\n";
  }
  if (o.hwt_epochs > 0) {
    const int ap = o.analog_repetitions;
    const char* aps = ap == 1 ? "" : "es";
    absl::StrAppendFormat(&out,
                          "noisy accuracy: %.2f %% ± %.2f (%d pass%s; analognas_bench tile, "
                          "forward noise only)\n",
                          r.noisy.first, r.noisy.second, ap, aps);
    absl::StrAppendFormat(&out,
                          "analog accuracy: %.2f %% ± %.2f (%d pass%s; after %d HWT epoch%s, "
                          "recipe analognas_bench)\n",
                          r.analog.first, r.analog.second, ap, aps, o.hwt_epochs,
                          o.hwt_epochs == 1 ? "" : "s");
    absl::StrAppendFormat(&out,
                          "drift 1 d: noisy %.2f %% ± %.2f, analog %.2f %% ± %.2f (PCM "
                          "programmed once, %d read%s, global compensation)\n",
                          r.noisy_drift_1d.first, r.noisy_drift_1d.second,
                          r.analog_drift_1d.first, r.analog_drift_1d.second, ap,
                          ap == 1 ? "" : "s");
  } else {
    out += "analog metrics: not run (--hwt_epochs=0)\n";
  }
  absl::StrAppendFormat(&out, "final train loss: %.4f\n", r.final_train_loss);
  absl::StrAppendFormat(
      &out,
      "wall time: %.1f s (load %.1f s, train %.1f s, eval %.1f s, ptq %.1f s, qat %.1f s, "
      "analog %.1f s)\n",
      absl::ToDoubleSeconds(r.total_time), absl::ToDoubleSeconds(r.load_time),
      absl::ToDoubleSeconds(r.train_time), absl::ToDoubleSeconds(r.eval_time),
      absl::ToDoubleSeconds(r.ptq_time), absl::ToDoubleSeconds(r.qat_time),
      absl::ToDoubleSeconds(r.analog_time));
  return out;
}

}  // namespace aimc::experiments
