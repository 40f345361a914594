// Tests of the SPOS regime, BN recalibration and the architecture evaluator
// (one binary: each LibTorch translation unit costs ~25 s to compile).
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/crossnas_search.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/fitness.h"
#include "networks/crossnas/supernet.h"
#include "networks/network.h"
#include "training/crossnas/arch_cost.h"
#include "training/crossnas/arch_evaluator.h"
#include "training/crossnas/bn_recalibration.h"
#include "training/crossnas/spos_regime.h"
#include "training/data/dataset.h"
#include "training/regime.h"
#include "training/testing/synthetic_data.h"
#include "training/testing/tiny_training.h"
#include "training/trainer.h"
#include "training/trainer_config.h"

namespace aimc::training::crossnas {
namespace {

using nas::crossnas::ArchGenotype;
using nas::crossnas::CandidateMetrics;
using networks::crossnas::CrossNasSupernet;
using networks::crossnas::CrossNasSupernetOptions;
using testing::ExpectIdentical;
using ::testing::HasSubstr;
using testing::TempPath;
using testing::TinyConfig;

constexpr int kClasses = 10;

CrossNasSupernetOptions T0Options(uint64_t seed) {
  CrossNasSupernetOptions options = networks::crossnas::T0SupernetOptions();
  options.init_seed = seed;
  return options;
}

CrossNasSupernet MustCreate(const CrossNasSupernetOptions& options) {
  absl::StatusOr<CrossNasSupernet> net = networks::crossnas::CreateCrossNasSupernet(options);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

ArchGenotype MustParse(const std::string& text, int slots = 3) {
  absl::StatusOr<ArchGenotype> g =
      nas::crossnas::ParseArchGenotype(text, nas::crossnas::ArchSpaceOptions{.max_blocks = slots});
  EXPECT_TRUE(g.ok()) << g.status();
  return *g;
}

Dataset Bands(int64_t n, uint64_t seed = 0) {
  return testing::MakeBandsDataset(n, {3, 32, 32}, kClasses, seed);
}

std::unique_ptr<TrainingRegime> Spos(const CrossNasSupernet& net) {
  return std::make_unique<SposRegime>(net->arch_space(), net->options().width_scale);
}

// A T0 supernet trained `epochs` epochs (batch 16) on `data` with SPOS.
CrossNasSupernet TrainedT0(const Dataset& data, int epochs, uint64_t seed = 1) {
  CrossNasSupernet net = MustCreate(T0Options(seed));
  TrainerConfig config = TinyConfig("");
  config.schedule.epochs = epochs;
  auto trainer = Trainer::Create(networks::AsNetwork(net), &data, config, Spos(net));
  EXPECT_TRUE(trainer.ok()) << trainer.status();
  if (trainer.ok()) {
    EXPECT_TRUE((*trainer)->Train().ok());
  }
  return net;
}

// ---- SPOS regime -------------------------------------------------------------

TEST(SposRegimeTest, FingerprintAndPaths) {
  CrossNasSupernet net = MustCreate(T0Options(0));
  SposRegime regime(net->arch_space(), 0.125);
  EXPECT_EQ(regime.Fingerprint(), "spos{dmax=3,max_down=4,res_stride2=0,rho=0.125}");
  std::set<std::string> paths;
  for (int64_t step = 0; step < 16; ++step) {
    StepContext context;
    context.global_step = step;
    context.seed = 7;
    const ArchGenotype path = regime.PathForStep(context);
    EXPECT_TRUE(path == regime.PathForStep(context));
    EXPECT_TRUE(nas::crossnas::IsArchLegal(path, net->arch_space())) << path.ToString();
    paths.insert(path.ToString());
  }
  EXPECT_GT(paths.size(), 4u);
  // BeforeStep activates the step's path.
  networks::Network as_network = networks::AsNetwork(net);
  ASSERT_TRUE(regime.Prepare(as_network).ok());
  StepContext step5;
  step5.global_step = 5;
  step5.seed = 7;
  ASSERT_TRUE(regime.BeforeStep(as_network, step5).ok());
  EXPECT_TRUE(net->path() == regime.PathForStep(step5));
  // Not a supernet, or another space: InvalidArgument.
  networks::Network nb201 = testing::TinyNb201(1);
  EXPECT_EQ(regime.Prepare(nb201).code(), absl::StatusCode::kInvalidArgument);
  CrossNasSupernetOptions eight = T0Options(0);
  eight.max_blocks = 8;
  networks::Network other = networks::AsNetwork(MustCreate(eight));
  EXPECT_THAT(regime.Prepare(other).message(), HasSubstr("max_blocks 8"));
}

// The trainer runs SPOS unchanged, and a run resumed mid-epoch is
// bit-identical to an uninterrupted one (the path and dropout masks are keyed
// by the step; no regime state).
TEST(SposRegimeTest, ResumeMidEpochIsBitIdentical) {
  const Dataset data = Bands(64);
  CrossNasSupernet straight = MustCreate(T0Options(1));
  networks::Network straight_net = networks::AsNetwork(straight);
  {
    auto trainer = Trainer::Create(straight_net, &data, TinyConfig(""), Spos(straight));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
    EXPECT_EQ((*trainer)->global_step(), 8);
    ASSERT_TRUE((*trainer)->last_epoch().has_value());
    EXPECT_TRUE(std::isfinite((*trainer)->last_epoch()->mean_loss));
  }
  const std::string path = TempPath("spos_mid_epoch.ckpt");
  {
    CrossNasSupernet first = MustCreate(T0Options(1));
    auto trainer =
        Trainer::Create(networks::AsNetwork(first), &data, TinyConfig(path), Spos(first));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->TrainSteps(6).ok());  // 1.5 epochs
    EXPECT_EQ((*trainer)->batch_in_epoch(), 2);
  }
  CrossNasSupernet resumed = MustCreate(T0Options(5));
  networks::Network resumed_net = networks::AsNetwork(resumed);
  auto trainer = Trainer::Create(resumed_net, &data, TinyConfig(path), Spos(resumed));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  EXPECT_TRUE((*trainer)->resumed());
  ASSERT_TRUE((*trainer)->Train().ok());
  ExpectIdentical(straight_net, resumed_net);
  // Another regime fingerprint cannot resume this checkpoint.
  CrossNasSupernet again = MustCreate(T0Options(1));
  auto other = Trainer::Create(networks::AsNetwork(again), &data, TinyConfig(path),
                               std::make_unique<SposRegime>(again->arch_space(), 0.25));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
}

// ---- BN recalibration -------------------------------------------------------

// The first `n` images of `data` as the batcher gives them without
// augmentation (p / 255).
torch::Tensor FirstImages(const Dataset& data, int64_t n) {
  const auto pixels = data.uint8_pixels();
  const int64_t per_image = data.shape().pixels();
  std::vector<float> values(pixels.begin(), pixels.begin() + n * per_image);
  return torch::from_blob(values.data(), {n, 3, 32, 32}, torch::kFloat).clone() / 255.0f;
}

void ExpectExactMean(int num_images, int batch_size) {
  const Dataset data = Bands(32);
  CrossNasSupernet net = MustCreate(T0Options(2));
  ASSERT_TRUE(net->SetPath(MustParse("MVGG-64,RES-32")).ok());  // K = 8 of 16
  net->train();
  BnRecalibrationConfig config;
  config.num_images = num_images;
  config.batch_size = batch_size;
  config.shuffle = false;  // the dataset's first images
  ASSERT_TRUE(RecalibrateBatchNorm(*net, data, config).ok());
  EXPECT_FALSE(net->is_training());
  EXPECT_EQ(net->batch_norm_momentum(), 0.1);
  const torch::Tensor x = FirstImages(data, num_images);
  const torch::Tensor w =
      net->named_parameters().find("slots.0.mvgg.conv1.weight")->detach().slice(0, 0, 8);
  const torch::Tensor expected = torch::conv2d(x, w, {}, 1, 1).mean({0, 2, 3});
  const torch::Tensor running = *net->named_buffers().find("slots.0.mvgg.conv1.running_mean");
  EXPECT_TRUE(torch::allclose(running.slice(0, 0, 8), expected, 0, 1e-5)) << running << expected;
  EXPECT_TRUE(running.slice(0, 8).eq(0).all().item<bool>());
  // The reset reached every path: an unused block's statistics are 0 / 1.
  const torch::Tensor unused_var = *net->named_buffers().find("slots.0.vgg.conv1.running_var");
  EXPECT_TRUE(unused_var.eq(1).all().item<bool>());
}

TEST(BnRecalibrationTest, RunningMeanIsTheExactMeanOneBatch) { ExpectExactMean(8, 8); }

TEST(BnRecalibrationTest, RunningMeanIsTheExactMeanOverBatches) {
  ExpectExactMean(20, 8);  // batches of 8, 8 and 4 (the last cut)
}

TEST(BnRecalibrationTest, BadConfigIsInvalidArgument) {
  const Dataset data = Bands(8);
  CrossNasSupernet net = MustCreate(T0Options(2));
  BnRecalibrationConfig config;
  config.num_images = 0;
  EXPECT_THAT(RecalibrateBatchNorm(*net, data, config).message(), HasSubstr("num_images"));
}

// ---- architecture evaluator -------------------------------------------------

ArchEvaluatorConfig SmallEvalConfig() {
  ArchEvaluatorConfig config;
  config.recalibration.num_images = 32;
  config.recalibration.batch_size = 16;
  config.eval_batch_size = 32;
  return config;
}

TEST(ArchEvaluatorTest, FiniteMetricsCostAtFullWidthAndCache) {
  const Dataset train = Bands(64);
  const Dataset val = Bands(32, 1);
  CrossNasSupernet net = TrainedT0(train, 1);
  auto evaluator = SupernetArchEvaluator::Create(net.ptr(), &train, &val, SmallEvalConfig());
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();
  const ArchGenotype g = MustParse("MVGG-32,skip,RES-64");
  const absl::Time start = absl::Now();
  absl::StatusOr<CandidateMetrics> m = (*evaluator)->Evaluate(g);
  const absl::Duration one = absl::Now() - start;
  ASSERT_TRUE(m.ok()) << m.status();
  std::printf("timing: one T0 candidate evaluation (32 calib + 32 val images, cost) %.1f ms\n",
              absl::ToDoubleMilliseconds(one));
  EXPECT_TRUE(std::isfinite(m->accuracy_pct));
  EXPECT_GE(m->accuracy_pct, 0);
  EXPECT_LE(m->accuracy_pct, 100);
  // Cost of the full-width net, not of the rho = 1/8 proxy.
  const absl::StatusOr<crossbar::cost::CostConfig> stage1 = Stage1CostConfig();
  ASSERT_TRUE(stage1.ok());
  const absl::StatusOr<ArchCost> direct = EvaluateArchCost(MustParse("MVGG-32,RES-64"), *stage1);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(m->energy_mj, direct->energy_mj);
  EXPECT_EQ(m->latency_ms, direct->latency_ms);
  EXPECT_FALSE(net->is_training());
  // Canonically equal: a cache hit, the same numbers.
  absl::StatusOr<CandidateMetrics> again = (*evaluator)->Evaluate(MustParse("MVGG-32,RES-64"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->accuracy_pct, m->accuracy_pct);
  EXPECT_EQ((*evaluator)->num_accuracy_evaluations(), 1);
  EXPECT_EQ((*evaluator)->num_cache_hits(), 1);
  // Deterministic: a second evaluator on the same supernet (after another
  // path changed the BN statistics) gives the same accuracy.
  ASSERT_TRUE((*evaluator)->Evaluate(MustParse("VGG-128")).ok());
  auto fresh = SupernetArchEvaluator::Create(net.ptr(), &train, &val, SmallEvalConfig());
  ASSERT_TRUE(fresh.ok());
  absl::StatusOr<CandidateMetrics> m2 = (*fresh)->Evaluate(g);
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(m2->accuracy_pct, m->accuracy_pct);
  // Illegal genotype: InvalidArgument.
  EXPECT_EQ((*fresh)->Evaluate(*ArchGenotype::FromGenes({9, 9, 9}, 3)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ArchEvaluatorTest, TileOverflowIsInfeasibleAndSkipsTheAccuracy) {
  const Dataset train = Bands(16);
  CrossNasSupernet net = MustCreate(T0Options(3));
  ArchEvaluatorConfig config = SmallEvalConfig();
  absl::StatusOr<crossbar::cost::CostConfig> tiny = Stage1CostConfig();
  ASSERT_TRUE(tiny.ok());
  tiny->set_tile_grid_size(1);  // a one-tile chip
  config.cost_config = *tiny;
  auto evaluator = SupernetArchEvaluator::Create(net.ptr(), &train, &train, config);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();
  for (int i = 0; i < 2; ++i) {
    const absl::StatusOr<CandidateMetrics> m =
        (*evaluator)->Evaluate(MustParse("MVGG-128,MVGG-128,RES-128"));
    EXPECT_TRUE(nas::crossnas::IsInfeasibleCandidate(m.status())) << m.status();
  }
  EXPECT_EQ((*evaluator)->num_accuracy_evaluations(), 0);
}

TEST(ArchEvaluatorTest, BadInputsAreInvalidArgument) {
  const Dataset gray = testing::MakeBandsDataset(8, {1, 32, 32}, kClasses);
  CrossNasSupernet net = MustCreate(T0Options(3));
  EXPECT_EQ(
      SupernetArchEvaluator::Create(net.ptr(), &gray, &gray, SmallEvalConfig()).status().code(),
      absl::StatusCode::kInvalidArgument);
  ArchEvaluatorConfig config = SmallEvalConfig();
  config.eval_batch_size = 0;
  const Dataset rgb = Bands(8);
  EXPECT_THAT(SupernetArchEvaluator::Create(net.ptr(), &rgb, &rgb, config).status().message(),
              HasSubstr("eval_batch_size"));
}

// A whole T0 architecture search (P 8, 2 cycles) over a T0 supernet trained
// one epoch on 64 images; two runs give the same archive.
std::vector<nas::crossnas::ScoredCandidate> RunT0Search(double* seconds) {
  const Dataset train = Bands(64);
  const Dataset val = Bands(32, 1);
  CrossNasSupernet net = TrainedT0(train, 1);
  auto evaluator = SupernetArchEvaluator::Create(net.ptr(), &train, &val, SmallEvalConfig());
  EXPECT_TRUE(evaluator.ok()) << evaluator.status();
  if (!evaluator.ok()) return {};
  auto search = nas::crossnas::CreateArchSearch(nas::crossnas::ArchSearchT0Config(),
                                                net->arch_space(), (*evaluator)->AsArchEvaluator());
  EXPECT_TRUE(search.ok()) << search.status();
  if (!search.ok()) return {};
  const absl::Time start = absl::Now();
  const absl::Status status = search->Run();
  *seconds = absl::ToDoubleSeconds(absl::Now() - start);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_TRUE(search->Done());
  EXPECT_TRUE(search->Best().ok());
  std::printf("timing: T0 arch search %.2f s, %d accuracy evaluations, %d cache hits\n", *seconds,
              (*evaluator)->num_accuracy_evaluations(), (*evaluator)->num_cache_hits());
  return search->Archive();
}

TEST(ArchEvaluatorTest, WholeT0SearchIsDeterministic) {
  double first_s = 0, second_s = 0;
  const std::vector<nas::crossnas::ScoredCandidate> a = RunT0Search(&first_s);
  const std::vector<nas::crossnas::ScoredCandidate> b = RunT0Search(&second_s);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].genes, b[i].genes) << i;
    EXPECT_EQ(a[i].fitness, b[i].fitness) << i;
    EXPECT_EQ(a[i].metrics.accuracy_pct, b[i].metrics.accuracy_pct) << i;
  }
}

// Not a check: prints one SPOS step at T0 and T1 sizes (batch 128, 3x32x32).
TEST(TimingTest, SposStep) {
  for (const bool t1 : {false, true}) {
    CrossNasSupernetOptions options = T0Options(4);
    if (t1) {
      options.max_blocks = 8;
      options.width_scale = 0.25;
    }
    CrossNasSupernet net = MustCreate(options);
    SposRegime regime(net->arch_space(), options.width_scale);
    networks::Network as_network = networks::AsNetwork(net);
    torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
    torch::manual_seed(0);  // test inputs only
    const torch::Tensor x = torch::rand({128, 3, 32, 32});
    const torch::Tensor y = torch::randint(0, kClasses, {128}, torch::kLong);
    net->train();
    constexpr int kSteps = 2;
    const absl::Time start = absl::Now();
    for (int s = 0; s < kSteps; ++s) {
      StepContext step;
      step.global_step = s;
      step.seed = 3;
      ASSERT_TRUE(regime.BeforeStep(as_network, step).ok());
      sgd.zero_grad();
      torch::nn::functional::cross_entropy(net->forward(x), y).backward();
      sgd.step();
    }
    std::printf("timing: SPOS step at %s (batch 128, mean of %d random paths) %.1f ms\n",
                t1 ? "T1 (D_max 8, rho 1/4)" : "T0 (D_max 3, rho 1/8)", kSteps,
                absl::ToDoubleMilliseconds(absl::Now() - start) / kSteps);
  }
}

// Not a check: one T1 candidate (D_max 8, rho 1/4, depth 8) with 256
// calibration and 128 held-out images (T1 uses 1,024 and 700).
TEST(TimingTest, T1CandidateEvaluation) {
  CrossNasSupernetOptions options = T0Options(6);
  options.max_blocks = 8;
  options.width_scale = 0.25;
  CrossNasSupernet net = MustCreate(options);
  const Dataset calib = Bands(256);
  const Dataset val = Bands(128, 1);
  ArchEvaluatorConfig config;
  config.recalibration.num_images = 256;
  config.recalibration.batch_size = 128;
  config.eval_batch_size = 128;
  auto evaluator = SupernetArchEvaluator::Create(net.ptr(), &calib, &val, config);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status();
  const absl::Time start = absl::Now();
  const absl::StatusOr<CandidateMetrics> m =
      (*evaluator)
          ->Evaluate(MustParse("RES-64,VGG-128,MVGG-64,VGG-32,RES-128,MVGG-128,VGG-64,MVGG-32", 8));
  ASSERT_TRUE(m.ok()) << m.status();
  std::printf(
      "timing: one T1 candidate (256 calib + 128 val images, cost) %.1f ms; E %.4g mJ, "
      "L %.4g ms\n",
      absl::ToDoubleMilliseconds(absl::Now() - start), m->energy_mj, m->latency_ms);
}

}  // namespace
}  // namespace aimc::training::crossnas
