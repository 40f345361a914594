#include "training/trainer.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/lenet5.h"
#include "networks/network.h"
#include "training/evaluate.h"
#include "training/testing/synthetic_data.h"
#include "training/testing/tiny_training.h"

namespace aimc::training {
namespace {

using testing::ExpectIdentical;
using testing::TempPath;
using testing::TinyConfig;
using testing::TinyNb201;

TEST(TrainerTest, LeNetLearnsBands) {
  const Dataset data = testing::MakeBandsDataset(320, {1, 28, 28}, 10);
  networks::LeNet5Config net_config;
  net_config.init_seed = 3;
  auto lenet = networks::CreateLeNet5(net_config);
  ASSERT_TRUE(lenet.ok()) << lenet.status();
  networks::Network net = networks::AsNetwork(*lenet);
  const auto before = Evaluate(net, data);
  ASSERT_TRUE(before.ok()) << before.status();

  TrainerConfig config = TinyConfig("");
  config.schedule.epochs = 4;
  config.batch_size = 32;
  config.optimizer.lr = 0.05;
  auto trainer = Trainer::Create(net, &data, config);
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  ASSERT_TRUE((*trainer)->Train().ok());
  const auto& history = (*trainer)->history();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_LT(history.back().mean_loss, history.front().mean_loss);
  EXPECT_EQ((*trainer)->global_step(), 40);

  const auto after = Evaluate(net, data);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_LT(after->mean_loss, before->mean_loss);
  EXPECT_GT(after->mean_accuracy_pct, 50.0);  // chance: 10 %
}

// 2 epochs straight vs 1 epoch, a "kill" (the trainer and network are
// dropped), then a new trainer on a differently initialised network that
// resumes from the checkpoint: bit-identical weights, BN statistics included.
TEST(TrainerTest, ResumeAfterKillIsBitIdentical) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network straight = TinyNb201(1);
  {
    auto trainer = Trainer::Create(straight, &data, TinyConfig(TempPath("straight.ckpt")));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
  }
  const std::string path = TempPath("resumed.ckpt");
  {
    auto first = Trainer::Create(TinyNb201(1), &data, TinyConfig(path));
    ASSERT_TRUE(first.ok()) << first.status();
    EXPECT_FALSE((*first)->resumed());
    ASSERT_TRUE((*first)->TrainSteps(4).ok());  // epoch 1 of 2
    EXPECT_EQ((*first)->completed_epochs(), 1);
  }
  networks::Network resumed = TinyNb201(99);
  auto second = Trainer::Create(resumed, &data, TinyConfig(path));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE((*second)->resumed());
  EXPECT_EQ((*second)->completed_epochs(), 1);
  ASSERT_TRUE((*second)->Train().ok());
  EXPECT_TRUE((*second)->done());
  EXPECT_EQ((*second)->global_step(), 8);
  ExpectIdentical(straight, resumed);
  // A run resumed after its last epoch still reports that epoch's loss.
  auto finished = Trainer::Create(TinyNb201(5), &data, TinyConfig(path));
  ASSERT_TRUE(finished.ok()) << finished.status();
  EXPECT_TRUE((*finished)->done());
  EXPECT_TRUE((*finished)->history().empty());
  ASSERT_TRUE((*finished)->last_epoch().has_value());
  EXPECT_EQ((*finished)->last_epoch()->epoch, 1);
  EXPECT_DOUBLE_EQ((*finished)->last_epoch()->mean_loss, (*second)->last_epoch()->mean_loss);
  EXPECT_GT((*finished)->last_epoch()->mean_loss, 0);
}

// Style.md's rule: the same seed gives the same numbers whatever the thread
// count. Batch 64 of 16x16 images makes the stem's activations (64x4x16x16 =
// 65,536 floats) larger than LibTorch's grain size, so its kernels do split
// over the 2 threads. oneDNN's conv weight gradient and whole-tensor
// reductions (the clipping norm) depend on the thread count in LibTorch 1.13
// (networks/torch_threads.h); the trainer runs them on one thread. Without
// that, 78 of the tiny net's tensors differed after 2 epochs.
TEST(TrainerTest, ThreadCountChangesNoNumber) {
  const Dataset data = testing::MakeBandsDataset(128, {1, 16, 16}, 4);
  networks::Network one = TinyNb201(1), two = TinyNb201(1);
  for (auto [net, threads] : {std::pair{&one, 1}, std::pair{&two, 2}}) {
    TrainerConfig config = TinyConfig("");
    config.batch_size = 64;
    config.num_threads = threads;
    config.optimizer.grad_clip_norm = 0.5;
    auto trainer = Trainer::Create(*net, &data, config);
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
  }
  ExpectIdentical(one, two);
}

TEST(TrainerTest, ResumeMidEpochIsBitIdentical) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network straight = TinyNb201(1);
  auto trainer = Trainer::Create(straight, &data, TinyConfig(""));
  ASSERT_TRUE(trainer.ok());
  ASSERT_TRUE((*trainer)->Train().ok());

  const std::string path = TempPath("mid_epoch.ckpt");
  {
    auto first = Trainer::Create(TinyNb201(1), &data, TinyConfig(path));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE((*first)->TrainSteps(6).ok());  // 1.5 epochs
    EXPECT_EQ((*first)->batch_in_epoch(), 2);
  }
  networks::Network resumed = TinyNb201(5);
  auto second = Trainer::Create(resumed, &data, TinyConfig(path));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*second)->batch_in_epoch(), 2);
  ASSERT_TRUE((*second)->Train().ok());
  ASSERT_EQ((*second)->history().size(), 1u);
  EXPECT_EQ((*second)->history()[0].images, 64);  // the whole epoch's statistics
  // Regression: the checkpoint's float64 loss sum was read into a reused
  // int64 tensor, so a resumed epoch's mean loss was garbage.
  EXPECT_DOUBLE_EQ((*second)->history()[0].mean_loss, (*trainer)->history()[1].mean_loss);
  EXPECT_DOUBLE_EQ((*second)->history()[0].accuracy_pct, (*trainer)->history()[1].accuracy_pct);
  ExpectIdentical(straight, resumed);
}

// QAT's settings (nas_spec.md §4.4): Adam, ReduceLROnPlateau on a per-epoch
// metric, gradient clipping. The constant metric makes the schedule cut the
// rate after every epoch but the first (patience 0), so a resume that lost the
// plateau state (best, bad epochs, rate) or Adam's moments would differ.
TrainerConfig AdamPlateauConfig(const std::string& checkpoint_path) {
  TrainerConfig config = TinyConfig(checkpoint_path);
  config.schedule.epochs = 3;
  config.optimizer.kind = OptimizerKind::kAdam;
  config.optimizer.lr = 1e-3;
  config.optimizer.weight_decay = 1e-4;
  config.schedule.kind = LrScheduleKind::kReduceOnPlateau;
  config.schedule.plateau_patience = 0;
  config.optimizer.grad_clip_norm = 0.5;
  config.schedule.epoch_metric = [](int) -> absl::StatusOr<double> { return 50.0; };
  return config;
}

TEST(TrainerTest, AdamPlateauClipResumeMidEpochIsBitIdentical) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network straight = TinyNb201(1);
  auto trainer = Trainer::Create(straight, &data, AdamPlateauConfig(""));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  ASSERT_TRUE((*trainer)->Train().ok());
  ASSERT_EQ((*trainer)->history().size(), 3u);
  EXPECT_DOUBLE_EQ((*trainer)->history()[0].lr, 1e-3);
  EXPECT_DOUBLE_EQ((*trainer)->history()[1].lr, 1e-3);
  EXPECT_DOUBLE_EQ((*trainer)->history()[2].lr, 1e-4);
  EXPECT_EQ((*trainer)->history()[2].metric, 50.0);

  const std::string path = TempPath("adam_plateau.ckpt");
  {
    auto first = Trainer::Create(TinyNb201(1), &data, AdamPlateauConfig(path));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE((*first)->TrainSteps(6).ok());  // 1.5 epochs
  }
  networks::Network resumed = TinyNb201(5);
  auto second = Trainer::Create(resumed, &data, AdamPlateauConfig(path));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE((*second)->resumed());
  ASSERT_TRUE((*second)->Train().ok());
  ASSERT_EQ((*second)->history().size(), 2u);
  EXPECT_DOUBLE_EQ((*second)->history()[1].lr, 1e-4);
  ExpectIdentical(straight, resumed);

  // The checkpoint names the run's options: a cosine run may not resume it.
  TrainerConfig cosine = AdamPlateauConfig(path);
  cosine.schedule.kind = LrScheduleKind::kCosine;
  const auto other = Trainer::Create(TinyNb201(1), &data, cosine);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition) << other.status();
}

// PyTorch ReduceLROnPlateau(mode='max', factor=0.5, patience=1, threshold=1e-4
// rel): best -inf; 1 better; 1.00005 is not better than 1 * 1.0001 (bad 1); 1
// (bad 2 > 1: cut, bad 0); 2 better; 2 (bad 1); 2 (bad 2: cut after the last
// epoch). Rates of epochs 0..5: 0.1, 0.1, 0.1, 0.05, 0.05, 0.05.
TEST(TrainerTest, ReduceOnPlateauFollowsPyTorch) {
  const Dataset data = testing::MakeBandsDataset(32, {1, 8, 8}, 4);
  TrainerConfig config = TinyConfig("");
  config.schedule.epochs = 6;
  config.batch_size = 32;
  config.schedule.kind = LrScheduleKind::kReduceOnPlateau;
  config.schedule.plateau_factor = 0.5;
  config.schedule.plateau_patience = 1;
  const std::vector<double> metrics = {1, 1.00005, 1, 2, 2, 2};
  std::vector<int> epochs_seen;
  config.schedule.epoch_metric = [&](int epoch) -> absl::StatusOr<double> {
    epochs_seen.push_back(epoch);
    return metrics[epoch];
  };
  auto trainer = Trainer::Create(TinyNb201(1), &data, config);
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  ASSERT_TRUE((*trainer)->Train().ok());
  const std::vector<double> expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05};
  ASSERT_EQ((*trainer)->history().size(), expected.size());
  for (size_t e = 0; e < expected.size(); ++e) {
    EXPECT_DOUBLE_EQ((*trainer)->history()[e].lr, expected[e]) << "epoch " << e;
    EXPECT_EQ((*trainer)->history()[e].metric, metrics[e]);
  }
  EXPECT_EQ(epochs_seen, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(TrainerTest, ConstantScheduleAndMetricError) {
  const Dataset data = testing::MakeBandsDataset(32, {1, 8, 8}, 4);
  TrainerConfig config = TinyConfig("");
  config.schedule.epochs = 3;
  config.schedule.kind = LrScheduleKind::kConstant;
  auto trainer = Trainer::Create(TinyNb201(1), &data, config);
  ASSERT_TRUE(trainer.ok());
  ASSERT_TRUE((*trainer)->Train().ok());
  for (const EpochStats& s : (*trainer)->history()) {
    EXPECT_DOUBLE_EQ(s.lr, 0.1);
    EXPECT_FALSE(s.metric.has_value());
  }
  config.schedule.epoch_metric = [](int) -> absl::StatusOr<double> {
    return absl::UnavailableError("validation set gone");
  };
  auto failing = Trainer::Create(TinyNb201(1), &data, config);
  ASSERT_TRUE(failing.ok());
  EXPECT_EQ((*failing)->Train().code(), absl::StatusCode::kUnavailable);
}

// Clipping to a tiny norm makes each step tiny: Adam is scale-invariant in the
// gradient, so SGD shows it.
TEST(TrainerTest, GradClipLimitsTheStep) {
  const Dataset data = testing::MakeBandsDataset(16, {1, 8, 8}, 4);
  const auto step_size = [&](double clip) {
    networks::Network net = TinyNb201(1);
    std::vector<torch::Tensor> before;
    for (const auto& p : net->parameters()) before.push_back(p.detach().clone());
    TrainerConfig config = TinyConfig("");
    config.schedule.epochs = 1;
    config.optimizer.momentum = 0;
    config.optimizer.nesterov = false;
    config.optimizer.weight_decay = 0;
    config.optimizer.grad_clip_norm = clip;
    auto trainer = Trainer::Create(net, &data, config);
    EXPECT_TRUE(trainer.ok());
    EXPECT_TRUE((*trainer)->Train().ok());  // one step: 16 images
    double sq = 0;
    size_t i = 0;
    for (const auto& p : net->parameters()) {
      sq += (p.detach() - before[i++]).pow(2).sum().item<double>();
    }
    return std::sqrt(sq);
  };
  const double unclipped = step_size(0);
  EXPECT_GT(unclipped, 1e-3);
  // lr 0.1 x gradient norm 1e-3 (PyTorch's clip adds 1e-6 to the norm).
  EXPECT_NEAR(step_size(1e-3), 1e-4, 1e-6);
}

TEST(TrainerTest, CheckpointOfAnotherRunIsFailedPrecondition) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  const std::string path = TempPath("other_run.ckpt");
  auto first = Trainer::Create(TinyNb201(1), &data, TinyConfig(path));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->TrainSteps(1).ok());
  TrainerConfig other = TinyConfig(path);
  other.seed = 8;
  const auto second = Trainer::Create(TinyNb201(1), &data, other);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("seed=8"), std::string::npos) << second.status();
}

TEST(TrainerTest, CorruptCheckpointIsDataLoss) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  const std::string path = TempPath("corrupt.ckpt");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("not a checkpoint", f);
  std::fclose(f);
  const auto trainer = Trainer::Create(TinyNb201(1), &data, TinyConfig(path));
  EXPECT_EQ(trainer.status().code(), absl::StatusCode::kDataLoss) << trainer.status();
}

TEST(TrainerTest, BadConfigIsInvalidArgument) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  const auto expect_invalid = [&](TrainerConfig config, const std::string& field) {
    const auto trainer = Trainer::Create(TinyNb201(1), &data, config);
    EXPECT_EQ(trainer.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_NE(trainer.status().message().find("TrainerConfig." + field), std::string::npos)
        << trainer.status();
  };
  TrainerConfig c = TinyConfig("");
  c.schedule.epochs = 0;
  expect_invalid(c, "schedule.epochs");
  c = TinyConfig("");
  c.batch_size = 0;
  expect_invalid(c, "batch_size");
  c = TinyConfig("");
  c.optimizer.lr = -0.1;
  expect_invalid(c, "optimizer.lr");
  c = TinyConfig("");
  c.schedule.lr_min = 0.2;
  expect_invalid(c, "schedule.lr_min");
  c = TinyConfig("");
  c.optimizer.momentum = 1.0;
  expect_invalid(c, "optimizer.momentum");
  c = TinyConfig("");
  c.optimizer.momentum = 0;
  expect_invalid(c, "optimizer.nesterov");
  c = TinyConfig("");
  c.optimizer.weight_decay = -1;
  expect_invalid(c, "optimizer.weight_decay");
  c = TinyConfig("");
  c.num_threads = 0;
  expect_invalid(c, "num_threads");
  c = TinyConfig("");
  c.schedule.plateau_factor = 1.0;
  expect_invalid(c, "schedule.plateau_factor");
  c = TinyConfig("");
  c.schedule.plateau_patience = -1;
  expect_invalid(c, "schedule.plateau_patience");
  c = TinyConfig("");
  c.optimizer.grad_clip_norm = -1;
  expect_invalid(c, "optimizer.grad_clip_norm");
  c = TinyConfig("");
  c.checkpoint.every_steps = -1;
  expect_invalid(c, "checkpoint.every_steps");
  c = TinyConfig("");
  c.schedule.kind = LrScheduleKind::kReduceOnPlateau;  // no epoch_metric
  expect_invalid(c, "schedule.epoch_metric");
  // The exact form of a message, and the sub-structs' own validators.
  c = TinyConfig("");
  c.optimizer.lr = -1;
  EXPECT_EQ(ValidateTrainerConfig(c).message(),
            "TrainerConfig.optimizer.lr: must be finite and > 0, got -1");
  EXPECT_EQ(ValidateOptimizerConfig(c.optimizer).message(),
            "OptimizerConfig.lr: must be finite and > 0, got -1");
  EXPECT_TRUE(ValidateScheduleConfig(ScheduleConfig{}).ok());
  EXPECT_TRUE(ValidateCheckpointConfig(CheckpointConfig{}).ok());
  EXPECT_TRUE(ValidateLoggingConfig(LoggingConfig{}).ok());
  c = TinyConfig("");
  c.optimizer.kind = OptimizerKind::kAdam;
  c.optimizer.momentum = 0;  // unused by Adam: nesterov's rule does not apply
  const auto adam = Trainer::Create(TinyNb201(1), &data, c);
  EXPECT_TRUE(adam.ok()) << adam.status();
}

TEST(TrainerTest, WrongImageShapeIsInvalidArgumentNotException) {
  const Dataset data = testing::MakeBandsDataset(32, {3, 8, 8}, 4);  // net takes 1 channel
  auto trainer = Trainer::Create(TinyNb201(1), &data, TinyConfig(""));
  ASSERT_TRUE(trainer.ok());
  const absl::Status status = (*trainer)->Train();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
}

}  // namespace
}  // namespace aimc::training
