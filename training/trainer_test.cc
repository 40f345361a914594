#include "training/trainer.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/lenet5.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/evaluate.h"
#include "training/testing/synthetic_data.h"

namespace aimc::training {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
  std::remove(path.c_str());
  return path;
}

networks::Network TinyNb201(uint64_t init_seed) {
  networks::Nb201Config config;
  config.stem_channels = 4;
  config.cells_per_stage = 1;
  config.input_channels = 1;
  config.num_classes = 4;
  config.init_seed = init_seed;
  auto net = networks::CreateNb201Network("(2,2,0,2,2,3)", config);
  EXPECT_TRUE(net.ok()) << net.status();
  return networks::AsNetwork(*net);
}

TrainerConfig TinyConfig(const std::string& checkpoint_path) {
  TrainerConfig config;
  config.epochs = 2;
  config.batch_size = 16;
  config.seed = 7;
  config.num_threads = 1;
  config.checkpoint_path = checkpoint_path;
  config.log = nullptr;
  return config;
}

// Every parameter and buffer, by name.
std::vector<std::pair<std::string, torch::Tensor>> State(networks::Network& net) {
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (const auto& item : net->named_parameters()) state.emplace_back(item.key(), item.value());
  for (const auto& item : net->named_buffers()) state.emplace_back(item.key(), item.value());
  return state;
}

void ExpectIdentical(networks::Network& a, networks::Network& b) {
  const auto state_a = State(a);
  const auto state_b = State(b);
  ASSERT_EQ(state_a.size(), state_b.size());
  for (size_t i = 0; i < state_a.size(); ++i) {
    EXPECT_EQ(state_a[i].first, state_b[i].first);
    EXPECT_TRUE(torch::equal(state_a[i].second, state_b[i].second)) << state_a[i].first;
  }
}

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
  config.epochs = 4;
  config.batch_size = 32;
  config.lr = 0.05;
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

TEST(TrainerTest, StepHooksRunAfterEveryStep) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network net = TinyNb201(1);
  auto trainer = Trainer::Create(net, &data, TinyConfig(""));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  int calls = 0;
  (*trainer)->AddStepHook([&calls](networks::Network& n) {
    ++calls;
    EXPECT_FALSE(torch::GradMode::is_enabled());
    for (auto& p : n->parameters()) p.clamp_(-0.05, 0.05);  // a clipping hook
    return absl::OkStatus();
  });
  ASSERT_TRUE((*trainer)->Train().ok());
  EXPECT_EQ(calls, 8);  // 2 epochs x 4 batches
  for (auto& p : net->parameters()) EXPECT_LE(p.abs().max().item<float>(), 0.05f + 1e-7f);

  auto failing = Trainer::Create(TinyNb201(1), &data, TinyConfig(""));
  ASSERT_TRUE(failing.ok());
  (*failing)->AddStepHook(
      [](networks::Network&) { return absl::FailedPreconditionError("remap failed"); });
  EXPECT_EQ((*failing)->Train().code(), absl::StatusCode::kFailedPrecondition);
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
  config.epochs = 3;
  config.optimizer = OptimizerKind::kAdam;
  config.lr = 1e-3;
  config.weight_decay = 1e-4;
  config.lr_schedule = LrScheduleKind::kReduceOnPlateau;
  config.plateau_patience = 0;
  config.grad_clip_norm = 0.5;
  config.epoch_metric = [](int) -> absl::StatusOr<double> { return 50.0; };
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
  cosine.lr_schedule = LrScheduleKind::kCosine;
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
  config.epochs = 6;
  config.batch_size = 32;
  config.lr_schedule = LrScheduleKind::kReduceOnPlateau;
  config.plateau_factor = 0.5;
  config.plateau_patience = 1;
  const std::vector<double> metrics = {1, 1.00005, 1, 2, 2, 2};
  std::vector<int> epochs_seen;
  config.epoch_metric = [&](int epoch) -> absl::StatusOr<double> {
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
  config.epochs = 3;
  config.lr_schedule = LrScheduleKind::kConstant;
  auto trainer = Trainer::Create(TinyNb201(1), &data, config);
  ASSERT_TRUE(trainer.ok());
  ASSERT_TRUE((*trainer)->Train().ok());
  for (const EpochStats& s : (*trainer)->history()) {
    EXPECT_DOUBLE_EQ(s.lr, 0.1);
    EXPECT_FALSE(s.metric.has_value());
  }
  config.epoch_metric = [](int) -> absl::StatusOr<double> {
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
    config.epochs = 1;
    config.momentum = 0;
    config.nesterov = false;
    config.weight_decay = 0;
    config.grad_clip_norm = clip;
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
  c.epochs = 0;
  expect_invalid(c, "epochs");
  c = TinyConfig("");
  c.batch_size = 0;
  expect_invalid(c, "batch_size");
  c = TinyConfig("");
  c.lr = -0.1;
  expect_invalid(c, "lr");
  c = TinyConfig("");
  c.lr_min = 0.2;
  expect_invalid(c, "lr_min");
  c = TinyConfig("");
  c.momentum = 1.0;
  expect_invalid(c, "momentum");
  c = TinyConfig("");
  c.momentum = 0;
  expect_invalid(c, "nesterov");
  c = TinyConfig("");
  c.weight_decay = -1;
  expect_invalid(c, "weight_decay");
  c = TinyConfig("");
  c.num_threads = 0;
  expect_invalid(c, "num_threads");
  c = TinyConfig("");
  c.plateau_factor = 1.0;
  expect_invalid(c, "plateau_factor");
  c = TinyConfig("");
  c.plateau_patience = -1;
  expect_invalid(c, "plateau_patience");
  c = TinyConfig("");
  c.grad_clip_norm = -1;
  expect_invalid(c, "grad_clip_norm");
  c = TinyConfig("");
  c.lr_schedule = LrScheduleKind::kReduceOnPlateau;  // no epoch_metric
  expect_invalid(c, "epoch_metric");
  c = TinyConfig("");
  c.optimizer = OptimizerKind::kAdam;
  c.momentum = 0;  // unused by Adam: nesterov's rule does not apply
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
