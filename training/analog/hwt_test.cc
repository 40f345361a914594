// Tests of hardware-aware training and the analog evaluation (hwt.h,
// analog_eval.h) on real data (Fashion-MNIST from the Debian package, 16x16 (padded to 32, then 2x2 means)):
// HWT makes the analog-evaluated accuracy better than digital training for
// the same number of epochs, over several seeds (a paired test, not one run);
// drift lowers accuracy in expectation and compensation recovers part of it;
// the ReRAM preset runs end to end; the regime clips and remaps, and an HWT
// run resumed from a checkpoint is bit-identical.
#include "training/analog/hwt.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "common/malloc_tuning.h"
#include "crossbar/config.h"
#include "device_models/device_config.pb.h"
#include "gtest/gtest.h"
#include "networks/analog/convert.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/analog/analog_eval.h"
#include "training/analog/hwt_recipe.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"
#include "training/data/fashion_mnist.h"
#include "training/data/transforms.h"
#include "training/evaluate.h"
#include "training/trainer.h"

namespace aimc::training {
namespace {

// Training re-allocates its activations every step (common/malloc_tuning.h).
const bool kMallocTuned = (RetainFreedMemory(), true);

// The first n images of a Fashion-MNIST split, padded to 32x32, at 16x16.
Dataset LoadFashion(Split split, int64_t n) {
  FashionMnistOptions options;
  options.size = FashionMnistOptions::Size::kPad32;
  absl::StatusOr<Dataset> full = LoadFashionMnist(kFashionMnistDebianDir, split, options);
  EXPECT_TRUE(full.ok()) << full.status() << " (install dataset-fashion-mnist)";
  const size_t pixels = static_cast<size_t>(n * full->shape().pixels());
  absl::StatusOr<Dataset> prefix = Dataset::Create(
      full->name(), full->provenance(), full->shape(), full->num_classes(),
      std::vector<uint8_t>(full->uint8_pixels().begin(), full->uint8_pixels().begin() + pixels),
      std::vector<uint8_t>(full->labels().begin(), full->labels().begin() + n));
  EXPECT_TRUE(prefix.ok()) << prefix.status();
  absl::StatusOr<Dataset> small = Downscale(*prefix, 2);
  EXPECT_TRUE(small.ok()) << small.status();
  return *small;
}

const Dataset& TrainSet() {
  static const Dataset* d = new Dataset(LoadFashion(Split::kTrain, 2000));
  return *d;
}
const Dataset& TestSet() {
  static const Dataset* d = new Dataset(LoadFashion(Split::kTest, 500));
  return *d;
}

// A digital copy of a trained network.
void CopyState(networks::Network& from, networks::Network& to) {
  ASSERT_TRUE(networks::CopyModuleState(*from, *to).ok());
}

networks::Network MakeNet(uint64_t seed) {
  networks::Nb201Config c;
  c.stem_channels = 8;
  c.cells_per_stage = 1;
  c.input_channels = 1;
  c.init_seed = seed;
  absl::StatusOr<networks::Nb201Network> net =
      networks::CreateNb201Network("(2,2,0,2,2,3)", c);
  EXPECT_TRUE(net.ok()) << net.status();
  return networks::AsNetwork(*net);
}

TrainerConfig BaseConfig(int epochs, uint64_t seed) {
  TrainerConfig tc;
  tc.schedule.epochs = epochs;
  tc.batch_size = 64;
  tc.seed = seed;
  tc.logging.log = nullptr;
  return tc;
}

void TrainDigital(networks::Network& net, const TrainerConfig& tc) {
  absl::StatusOr<std::unique_ptr<Trainer>> trainer = Trainer::Create(net, &TrainSet(), tc);
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  const absl::Status trained = (*trainer)->Train();
  ASSERT_TRUE(trained.ok()) << trained;
}

EvalConfig Reps(int repetitions) {
  EvalConfig ec;
  ec.repetitions = repetitions;
  return ec;
}

crossbar::TileConfig Tile(const std::string& name) {
  absl::StatusOr<crossbar::TileConfig> t = crossbar::LoadTileConfig(name);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

// Paired over seeds: from one digital pre-training (2 epochs), one more
// digital epoch vs one HWT epoch (analognas_bench recipe, same SGD), both
// evaluated on the analognas_bench tile programmed and drifted to 1 h. HWT
// must win on average by more than 3 standard errors of the paired
// differences (and by a point).
TEST(HwtTest, HardwareAwareTrainingBeatsDigitalTrainingUnderAnalogNoise) {
  const HwtRecipe recipe = *LoadHwtRecipe("analognas_bench");
  const crossbar::TileConfig tile = Tile("analognas_bench");
  std::vector<double> diffs;
  for (uint64_t seed = 0; seed < 3; ++seed) {
    networks::Network digital = MakeNet(seed), hwt = MakeNet(seed);
    TrainDigital(digital, BaseConfig(2, seed));
    CopyState(digital, hwt);
    TrainDigital(digital, HwtTrainerConfig(recipe, BaseConfig(1, seed + 100)));
    ASSERT_TRUE(ConvertForHwt(hwt, tile, recipe, seed).ok());
    ASSERT_TRUE(TrainHardwareAware(hwt, TrainSet(), recipe, BaseConfig(1, seed + 100)).ok());
    ASSERT_TRUE(networks::analog::ConvertToAnalog(*digital, tile, {.seed = seed}).ok());
    DriftEvalConfig dc;
    dc.eval = Reps(3);
    dc.times_s = {3600};
    const absl::StatusOr<std::vector<DriftEvalResult>> a = EvaluateDrift(digital, TestSet(), dc);
    const absl::StatusOr<std::vector<DriftEvalResult>> b = EvaluateDrift(hwt, TestSet(), dc);
    ASSERT_TRUE(a.ok() && b.ok());
    const double acc_digital = (*a)[0].result.mean_accuracy_pct;
    const double acc_hwt = (*b)[0].result.mean_accuracy_pct;
    std::printf("seed %d: digital %.2f %%, HWT %.2f %% (1 h drift)\n", static_cast<int>(seed),
                acc_digital, acc_hwt);
    diffs.push_back(acc_hwt - acc_digital);
  }
  double mean = 0, var = 0;
  for (double d : diffs) mean += d / diffs.size();
  for (double d : diffs) var += (d - mean) * (d - mean) / (diffs.size() - 1);
  const double se = std::sqrt(var / diffs.size());
  std::printf("HWT - digital: %.2f ± %.2f (SE) points\n", mean, se);
  EXPECT_GT(mean, 3 * se);
  EXPECT_GT(mean, 1.0);
}

// One FP model: accuracy at 60 s >= 1 d >= 30 d in expectation (means over
// repetitions, with a tolerance of 3 standard errors), the 30 d accuracy
// without compensation lower than with it, and ReRAM end to end.
TEST(AnalogEvalTest, DriftDegradesAndCompensationRecovers) {
  networks::Network fp = MakeNet(7);
  TrainDigital(fp, BaseConfig(2, 7));
  const absl::StatusOr<EvalResult> baseline = Evaluate(fp, TestSet(), Reps(1));
  ASSERT_TRUE(baseline.ok()) << baseline.status();

  auto convert = [&](const crossbar::TileConfig& tile) {
    networks::Network net = MakeNet(7);
    CopyState(fp, net);
    EXPECT_TRUE(networks::analog::ConvertToAnalog(*net, tile, {.seed = 3}).ok());
    return net;
  };
  networks::Network analog = convert(Tile("analognas_bench"));
  const absl::StatusOr<EvalResult> noisy = EvaluateNoisy(analog, TestSet(), Reps(3));
  ASSERT_TRUE(noisy.ok());
  DriftEvalConfig dc;
  dc.eval = Reps(6);
  dc.times_s = {60, 86400, 2592000};
  dc.fresh_programming = true;  // device-to-device spread in the std
  const absl::StatusOr<std::vector<DriftEvalResult>> drift = EvaluateDrift(analog, TestSet(), dc);
  ASSERT_TRUE(drift.ok()) << drift.status();
  std::printf("baseline %.2f, noisy %.2f ± %.2f, drift:", baseline->mean_accuracy_pct,
              noisy->mean_accuracy_pct, noisy->std_accuracy_pct);
  for (const DriftEvalResult& d : *drift) {
    std::printf(" %.0f s %.2f ± %.2f;", d.t_inference_s, d.result.mean_accuracy_pct,
                d.result.std_accuracy_pct);
  }
  EXPECT_LT(noisy->mean_accuracy_pct, baseline->mean_accuracy_pct + 0.5);
  for (size_t k = 1; k < drift->size(); ++k) {
    const EvalResult& a = (*drift)[k - 1].result;
    const EvalResult& b = (*drift)[k].result;
    const double se = std::hypot(a.std_accuracy_pct, b.std_accuracy_pct) / std::sqrt(6.0);
    EXPECT_LE(b.mean_accuracy_pct, a.mean_accuracy_pct + 3 * se) << k;
  }
  crossbar::TileConfig uncompensated = Tile("analognas_bench");
  uncompensated.mutable_compensation()->set_method(device_models::DriftCompensationConfig::NONE);
  networks::Network raw = convert(uncompensated);
  dc.times_s = {2592000};
  const absl::StatusOr<std::vector<DriftEvalResult>> raw_drift = EvaluateDrift(raw, TestSet(), dc);
  ASSERT_TRUE(raw_drift.ok());
  const EvalResult& with = drift->back().result;
  const EvalResult& without = (*raw_drift)[0].result;
  std::printf(" 30 d uncompensated %.2f ± %.2f\n", without.mean_accuracy_pct,
              without.std_accuracy_pct);
  EXPECT_GT(with.mean_accuracy_pct - without.mean_accuracy_pct,
            3 * std::hypot(with.std_accuracy_pct, without.std_accuracy_pct) / std::sqrt(6.0));

  networks::Network reram = convert(Tile("rasch2023_reram"));
  dc.times_s = {86400};
  dc.eval = Reps(2);
  const absl::StatusOr<std::vector<DriftEvalResult>> r = EvaluateDrift(reram, TestSet(), dc);
  ASSERT_TRUE(r.ok()) << r.status();
  std::printf("ReRAM 1 d: %.2f %%\n", (*r)[0].result.mean_accuracy_pct);
  EXPECT_GT((*r)[0].result.mean_accuracy_pct, 30.0);  // chance is 10 %
}

TEST(HwtTest, ClipAndRemapAndErrorsAreStatuses) {
  networks::Network net = MakeNet(1);
  EXPECT_EQ(TrainHardwareAware(net, TrainSet(), *LoadHwtRecipe("analognas_bench"),
                               BaseConfig(1, 0))
                .code(),
            absl::StatusCode::kFailedPrecondition);
  const HwtRecipe recipe = *LoadHwtRecipe("rasch2023");
  ASSERT_TRUE(ConvertForHwt(net, Tile("rasch2023_standard_pcm"), recipe, 0).ok());
  torch::NoGradGuard no_grad;
  for (auto* layer : networks::analog::AnalogLayers(*net)) layer->weight.mul_(5);
  ASSERT_TRUE(ClipAndRemapWeights(net, recipe).ok());
  for (auto* layer : networks::analog::AnalogLayers(*net)) {
    // Column-wise remap: every output channel's max |w| is 1.
    const torch::Tensor m = layer->weight.abs().reshape({layer->weight.size(0), -1}).amax(1);
    EXPECT_TRUE(torch::allclose(m, torch::ones_like(m), 1e-5, 1e-6));
    EXPECT_EQ(layer->out_scale.numel(), layer->weight.size(0));
    EXPECT_TRUE(layer->out_scale.requires_grad());
  }
  // remap.every_batches = 2: the regime remaps after steps 2, 4, ... only.
  HwtRecipe every2 = recipe;
  every2.mutable_remap()->set_every_batches(2);
  absl::StatusOr<std::unique_ptr<HwtRegime>> regime = HwtRegime::Create(every2);
  ASSERT_TRUE(regime.ok()) << regime.status();
  const auto max_abs = [&] {
    double m = 0;
    for (auto* layer : networks::analog::AnalogLayers(*net)) {
      m = std::max(m, layer->weight.abs().max().item<double>());
    }
    return m;
  };
  for (auto* layer : networks::analog::AnalogLayers(*net)) layer->weight.mul_(0.5);
  StepContext step;
  step.global_step = 0;
  ASSERT_TRUE((*regime)->AfterStep(net, step).ok());
  EXPECT_NEAR(max_abs(), 0.5, 1e-5);
  step.global_step = 1;
  ASSERT_TRUE((*regime)->AfterStep(net, step).ok());
  EXPECT_NEAR(max_abs(), 1.0, 1e-5);
  every2.mutable_remap()->set_every_batches(0);
  EXPECT_EQ(HwtRegime::Create(every2).status().code(), absl::StatusCode::kInvalidArgument);
}

// The HWT regime under the trainer: 1 epoch straight == 3 steps + kill +
// resume (weight noise ramp and input-range init live in the layers' buffers,
// so in the checkpoint); a digital regime may not resume the HWT checkpoint.
TEST(HwtTest, HwtRegimeResumesBitIdentically) {
  const Dataset& full = TrainSet();
  const int64_t n = 256;
  const size_t pixels = static_cast<size_t>(n * full.shape().pixels());
  // The first 256 images, in whichever pixel type the loader produced
  // (down-scaled images are float).
  std::vector<uint8_t> labels(full.labels().begin(), full.labels().begin() + n);
  absl::StatusOr<Dataset> small =
      full.pixel_type() == PixelType::kUint8
          ? Dataset::Create(full.name() + "[:256]", full.provenance(), full.shape(),
                            full.num_classes(),
                            std::vector<uint8_t>(full.uint8_pixels().begin(),
                                                 full.uint8_pixels().begin() + pixels),
                            std::move(labels))
          : Dataset::Create(full.name() + "[:256]", full.provenance(), full.shape(),
                            full.num_classes(),
                            std::vector<float>(full.float_pixels().begin(),
                                               full.float_pixels().begin() + pixels),
                            std::move(labels));
  ASSERT_TRUE(small.ok()) << small.status();
  const HwtRecipe recipe = *LoadHwtRecipe("rasch2023");  // ramped noise, learned scales
  const crossbar::TileConfig tile = Tile("rasch2023_standard_pcm");
  const auto analog_net = [&](uint64_t init_seed) {
    networks::Network net = MakeNet(init_seed);
    EXPECT_TRUE(ConvertForHwt(net, tile, recipe, 7).ok());
    return net;
  };
  const auto regime = [&] {
    absl::StatusOr<std::unique_ptr<HwtRegime>> r = HwtRegime::Create(recipe);
    EXPECT_TRUE(r.ok()) << r.status();
    return std::move(*r);
  };
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/hwt_regime.ckpt";
  std::remove(path.c_str());
  TrainerConfig tc = HwtTrainerConfig(recipe, BaseConfig(1, 3));

  networks::Network straight = analog_net(1);
  {
    auto trainer = Trainer::Create(straight, &*small, tc, regime());
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
  }
  tc.checkpoint.path = path;
  {
    auto first = Trainer::Create(analog_net(1), &*small, tc, regime());
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE((*first)->TrainSteps(3).ok());
  }
  networks::Network resumed = analog_net(2);
  auto second = Trainer::Create(resumed, &*small, tc, regime());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE((*second)->resumed());
  ASSERT_TRUE((*second)->Train().ok());
  const auto a = straight->named_parameters(), b = resumed->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::equal(a[i].value(), b[i].value())) << a[i].key();
  }
  const auto ab = straight->named_buffers(), bb = resumed->named_buffers();
  ASSERT_EQ(ab.size(), bb.size());
  for (size_t i = 0; i < ab.size(); ++i) {
    EXPECT_TRUE(torch::equal(ab[i].value(), bb[i].value())) << ab[i].key();
  }

  const auto digital = Trainer::Create(analog_net(1), &*small, tc);
  EXPECT_EQ(digital.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(digital.status().message().find("hwt{"), std::string::npos) << digital.status();
}

}  // namespace
}  // namespace aimc::training
