// Tests of the training-regime interface under the Trainer (regime.h): a
// regime defined only here changes the loss and keeps checkpointed state
// without any change to the trainer; AfterStep runs without grad; wrapped
// regimes forward and keep their state apart.
#include "training/regime.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/status_macros.h"
#include "gtest/gtest.h"
#include "networks/network.h"
#include "training/data/dataset.h"
#include "training/testing/synthetic_data.h"
#include "training/testing/tiny_training.h"
#include "training/trainer.h"

namespace aimc::training {
namespace {

using testing::ExpectIdentical;
using testing::TempPath;
using testing::TinyConfig;
using testing::TinyNb201;

// A regime whose AfterStep clips every parameter (as HWT clips weights), or fails.
class ClippingRegime : public DigitalRegime {
 public:
  explicit ClippingRegime(int* calls, bool fail = false) : calls_(calls), fail_(fail) {}
  absl::Status AfterStep(networks::Network& n, const StepContext&) override {
    if (fail_) return absl::FailedPreconditionError("remap failed");
    ++*calls_;
    EXPECT_FALSE(torch::GradMode::is_enabled());
    for (auto& p : n->parameters()) p.clamp_(-0.05, 0.05);
    return absl::OkStatus();
  }

 private:
  int* calls_;
  bool fail_;
};

TEST(RegimeTest, AfterStepRunsAfterEveryStepWithoutGrad) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network net = TinyNb201(1);
  int calls = 0;
  auto trainer =
      Trainer::Create(net, &data, TinyConfig(""), std::make_unique<ClippingRegime>(&calls));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  ASSERT_TRUE((*trainer)->Train().ok());
  EXPECT_EQ(calls, 8);  // 2 epochs x 4 batches
  for (auto& p : net->parameters()) EXPECT_LE(p.abs().max().item<float>(), 0.05f + 1e-7f);

  auto failing = Trainer::Create(TinyNb201(1), &data, TinyConfig(""),
                                 std::make_unique<ClippingRegime>(&calls, /*fail=*/true));
  ASSERT_TRUE(failing.ok());
  EXPECT_EQ((*failing)->Train().code(), absl::StatusCode::kFailedPrecondition);
}

// A regime defined only in this test (issue 17): label-smoothed cross-entropy
// (PyTorch's label_smoothing 0.1), and checkpointed state: BeforeStep calls,
// a hash of the examples' order, a sum of per-step uniforms and per-image
// bits from StepContext's streams, and how often each example was seen.
class SmoothedCountingRegime : public TrainingRegime {
 public:
  explicit SmoothedCountingRegime(const Dataset* data)
      : data_(data), seen_(torch::zeros({data->size()}, torch::kInt64)) {}

  std::string Fingerprint() const override { return "smoothed_ce(0.1)"; }
  absl::Status Prepare(networks::Network&) override {
    ++prepare_calls;
    return absl::OkStatus();
  }
  absl::Status BeforeStep(networks::Network&, const StepContext& step) override {
    EXPECT_TRUE(torch::GradMode::is_enabled());
    EXPECT_EQ(step.global_step, before_steps);  // counted from the checkpoint on resume
    ++before_steps;
    float u = 0;
    step.StepStream(0).FillUniform(0, absl::MakeSpan(&u, 1));
    uniform_sum += u;
    for (size_t k = 0; k < step.example_indices.size(); ++k) {
      const int64_t i = step.example_indices[k];
      order_hash = order_hash * 1000003 + static_cast<uint64_t>(i);
      seen_[i] += 1;
      uint32_t bits = 0;
      step.ExampleStream(k, 0).FillBits(0, absl::MakeSpan(&bits, 1));
      order_hash ^= bits;
    }
    return absl::OkStatus();
  }
  absl::Status Loss(networks::Network& network, const torch::Tensor& images,
                    const torch::Tensor& labels, const StepContext& step, torch::Tensor* loss,
                    torch::Tensor* logits) override {
    // Row k of the batch is example example_indices[k].
    for (size_t k = 0; k < step.example_indices.size(); ++k) {
      EXPECT_EQ(labels[k].item<int64_t>(), data_->labels()[step.example_indices[k]]);
    }
    *logits = network->forward(images);
    *loss = torch::nn::functional::cross_entropy(
        *logits, labels, torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(0.1));
    return absl::OkStatus();
  }
  absl::Status SaveState(RegimeStateWriter& writer) const override {
    writer.WriteInt64("before_steps", before_steps);
    writer.WriteInt64("order_hash", static_cast<int64_t>(order_hash));
    writer.WriteDouble("uniform_sum", uniform_sum);
    writer.WriteString("note", "seen counts follow");
    writer.WriteTensor("seen", seen_);
    return absl::OkStatus();
  }
  absl::Status LoadState(RegimeStateReader& reader) override {
    EXPECT_TRUE(reader.Has("seen"));
    EXPECT_FALSE(reader.Has("absent"));
    EXPECT_EQ(reader.ReadInt64("absent").status().code(), absl::StatusCode::kDataLoss);
    ASSIGN_OR_RETURN(before_steps, reader.ReadInt64("before_steps"));
    ASSIGN_OR_RETURN(const int64_t hash, reader.ReadInt64("order_hash"));
    order_hash = static_cast<uint64_t>(hash);
    ASSIGN_OR_RETURN(uniform_sum, reader.ReadDouble("uniform_sum"));
    ASSIGN_OR_RETURN(const std::string note, reader.ReadString("note"));
    EXPECT_EQ(note, "seen counts follow");
    return reader.ReadTensor("seen", &seen_);
  }

  const torch::Tensor& seen() const { return seen_; }
  int prepare_calls = 0;
  int64_t before_steps = 0;
  uint64_t order_hash = 0;
  double uniform_sum = 0;

 private:
  const Dataset* data_;
  torch::Tensor seen_;
};

TEST(RegimeTest, CustomRegimeTrainsWithoutTouchingTheTrainer) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  auto owned = std::make_unique<SmoothedCountingRegime>(&data);
  SmoothedCountingRegime* regime = owned.get();
  auto trainer = Trainer::Create(TinyNb201(1), &data, TinyConfig(""), std::move(owned));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  ASSERT_TRUE((*trainer)->Train().ok());
  EXPECT_EQ(regime->prepare_calls, 1);
  EXPECT_EQ(regime->before_steps, 8);  // 2 epochs x 4 batches
  EXPECT_TRUE(torch::equal(regime->seen(), torch::full({64}, 2, torch::kInt64)));
  EXPECT_GT(regime->uniform_sum, 0);

  // The loss is the regime's: the digital run from the same start differs.
  auto digital = Trainer::Create(TinyNb201(1), &data, TinyConfig(""));
  ASSERT_TRUE(digital.ok());
  ASSERT_TRUE((*digital)->Train().ok());
  EXPECT_NE((*trainer)->history()[0].mean_loss, (*digital)->history()[0].mean_loss);
}

// 2 epochs straight vs 1.5 epochs, a kill, and a resume with a new regime
// object: the network and every piece of the regime's state are bit-identical.
TEST(RegimeTest, CustomRegimeStateSurvivesResumeBitIdentically) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  networks::Network straight = TinyNb201(1);
  SmoothedCountingRegime straight_regime_copy(&data);
  {
    auto owned = std::make_unique<SmoothedCountingRegime>(&data);
    SmoothedCountingRegime* regime = owned.get();
    auto trainer = Trainer::Create(straight, &data, TinyConfig(""), std::move(owned));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
    straight_regime_copy.before_steps = regime->before_steps;
    straight_regime_copy.order_hash = regime->order_hash;
    straight_regime_copy.uniform_sum = regime->uniform_sum;
  }
  const std::string path = TempPath("custom_regime.ckpt");
  {
    auto first = Trainer::Create(TinyNb201(1), &data, TinyConfig(path),
                                 std::make_unique<SmoothedCountingRegime>(&data));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE((*first)->TrainSteps(6).ok());  // 1.5 epochs
  }
  networks::Network resumed = TinyNb201(5);
  auto owned = std::make_unique<SmoothedCountingRegime>(&data);
  SmoothedCountingRegime* regime = owned.get();
  auto second = Trainer::Create(resumed, &data, TinyConfig(path), std::move(owned));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE((*second)->resumed());
  EXPECT_EQ(regime->before_steps, 6);
  ASSERT_TRUE((*second)->Train().ok());
  EXPECT_EQ(regime->before_steps, 8);
  EXPECT_EQ(regime->order_hash, straight_regime_copy.order_hash);
  EXPECT_EQ(regime->uniform_sum, straight_regime_copy.uniform_sum);  // bit-exact
  EXPECT_TRUE(torch::equal(regime->seen(), torch::full({64}, 2, torch::kInt64)));
  ExpectIdentical(straight, resumed);

  // Another regime may not resume it; the message names both.
  const auto digital = Trainer::Create(TinyNb201(1), &data, TinyConfig(path));
  EXPECT_EQ(digital.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(digital.status().message().find("[smoothed_ce(0.1)]"), std::string::npos)
      << digital.status();
  EXPECT_NE(digital.status().message().find("[fp]"), std::string::npos) << digital.status();
}

// A regime around the custom one: calls forward, the inner state is kept
// under its own keys, and the wrapper adds its AfterStep.
class CountingWrapper : public WrappedRegime {
 public:
  using WrappedRegime::WrappedRegime;
  std::string Fingerprint() const override {
    return absl::StrCat("counting + ", inner().Fingerprint());
  }
  absl::Status AfterStep(networks::Network& network, const StepContext& step) override {
    RETURN_IF_ERROR(WrappedRegime::AfterStep(network, step));
    ++after_steps;
    return absl::OkStatus();
  }
  absl::Status SaveState(RegimeStateWriter& writer) const override {
    writer.WriteInt64("before_steps", after_steps);  // the inner one's key, prefixed apart
    return WrappedRegime::SaveState(writer);
  }
  absl::Status LoadState(RegimeStateReader& reader) override {
    ASSIGN_OR_RETURN(after_steps, reader.ReadInt64("before_steps"));
    return WrappedRegime::LoadState(reader);
  }
  int64_t after_steps = 0;
};

TEST(RegimeTest, WrappedRegimeForwardsAndKeepsTheInnerStateApart) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 8, 8}, 4);
  const auto make = [&](SmoothedCountingRegime** inner) {
    auto owned_inner = std::make_unique<SmoothedCountingRegime>(&data);
    *inner = owned_inner.get();
    return std::make_unique<CountingWrapper>(std::move(owned_inner));
  };
  const std::string path = TempPath("wrapped_regime.ckpt");
  SmoothedCountingRegime* inner = nullptr;
  {
    auto first = Trainer::Create(TinyNb201(1), &data, TinyConfig(path), make(&inner));
    ASSERT_TRUE(first.ok()) << first.status();
    ASSERT_TRUE((*first)->TrainSteps(3).ok());
    EXPECT_EQ(inner->prepare_calls, 1);
  }
  auto owned = make(&inner);
  CountingWrapper* wrapper = owned.get();
  auto second = Trainer::Create(TinyNb201(1), &data, TinyConfig(path), std::move(owned));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(wrapper->after_steps, 3);
  EXPECT_EQ(inner->before_steps, 3);
  ASSERT_TRUE((*second)->Train().ok());
  EXPECT_EQ(wrapper->after_steps, 8);
  EXPECT_EQ(inner->before_steps, 8);
  EXPECT_EQ((*second)->regime().Fingerprint(), "counting + smoothed_ce(0.1)");
}

}  // namespace
}  // namespace aimc::training
