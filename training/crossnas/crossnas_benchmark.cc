// CrossNAS per-step and per-candidate costs vs plain LibTorch of the same
// path, measured in the same run (style.md §8).
//   OPENBLAS_NUM_THREADS=1 bazel run //training/crossnas:crossnas_benchmark --
//     --benchmark_filter=threads:1 --benchmark_repetitions=3
//     --benchmark_report_aggregates_only=true   (one command line)
// Path: the T1 winner VGG-32,VGG-128,RES-64,MVGG-32 on 3x32x32 images (fixed
// seeds, synthetic data), CIFAR-10 3-fc head. Proxy width 1/4 ({8, 16, 32}
// channels), supernet D_max 8 (T1). `threads` = torch::set_num_threads.
// The baseline is PlainNet: torch::nn Conv2d / BatchNorm2d / ReLU / MaxPool2d /
// Linear / Dropout with exactly the path's layers and widths, no slicing; the
// binary checks its MACs per image equal the supernet's ActivePathMacCount
// (counter `macs`). Every ratio counter is the entry's mean time over its
// baseline's with the same threads (mean over >= 0.5 s, measured first):
//  BM_TrainStep/variant/threads: forward + cross-entropy + backward + SGD
//    (lr 0.1, momentum 0.9, Nesterov, wd 5e-4: TrainerConfig's defaults) on a
//    batch of 128, training mode. variant 0 = PlainNet (baseline), 1 = the
//    supernet as SPOS trains it (every parameter has a gradient, zero off the
//    path, as SposRegime::BeforeStep sets, so SGD updates all 8 x 3 blocks),
//    2 = the supernet with gradients only on the path (ablation: the
//    optimizer's cost over the unused blocks). `x_plain`.
//  BM_CandidateEval/variant/threads: one candidate's accuracy as
//    SupernetArchEvaluator computes it, N_cal 1,024 calibration + 700 held-out
//    images (T1), batch 256. variant 0 = PlainNet eval forward without
//    autograd over the same 1,724 images as float tensors (baseline), 1 =
//    SupernetArchEvaluator::Evaluate (fresh evaluator, so no cache hit: BN
//    reset + recalibration in training mode + Evaluate over the uint8
//    datasets with the batcher + the full-width cost), 2 = the supernet's eval
//    forward over the same float tensors (ablation: slicing alone). `x_plain`.
//  BM_QuantForward/mode/dac/threads: QuantNet (CrossNasQuantSpec of the path
//    at width 1/4) eval forward without autograd of a batch of 64, mode 0 =
//    kFloat (baseline), 1 = kQat (calibrated α, frozen), 2 = kPim at X 256,
//    ADC 8 and DAC `dac`: the stage-4 per-candidate cost driver. `x_float`;
//    kFloat also reports `x_plain` (PlainNet, same batch).
//  BM_ArchCost/arch: EvaluateArchCost of the path at full width under
//    Stage1CostConfig (what the evaluator pays per new candidate); arch 0 =
//    the T1 winner, 1 = the 8-block candidate of
//    //crossbar/cost:cost_model_benchmark's BM_CrossNasCandidate (at 9/9
//    bits). `x_model` = over EvaluateNetwork on the prebuilt network and
//    Hardware (cost_model_benchmark's measurement): the wrapper's share.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/malloc_tuning.h"
#include "common/status_macros.h"
#include "crossbar/cost/cost_config.pb.h"
#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/hardware.h"
#include "crossbar/cost/networks.h"
#include "nas/crossnas/arch_genotype.h"
#include "networks/crossnas/quant/quant_net.h"
#include "networks/crossnas/supernet.h"
#include "training/crossnas/arch_cost.h"
#include "training/crossnas/arch_evaluator.h"
#include "training/data/dataset.h"
#include "training/testing/synthetic_data.h"

namespace aimc::training::crossnas {
namespace {

using nas::crossnas::ArchGenotype;
using nas::crossnas::BlockSpec;
using nas::crossnas::BlockType;
using networks::crossnas::CrossNasSupernet;
using networks::crossnas::CrossNasSupernetOptions;
using networks::crossnas::QuantMode;
using networks::crossnas::QuantNet;

constexpr char kPath[] = "VGG-32,VGG-128,RES-64,MVGG-32";  // the T1 winner
constexpr char kEightBlocks[] = "VGG-32,RES-64,VGG-64,MVGG-128,RES-128,VGG-128,MVGG-64,VGG-128";
constexpr double kWidth = 0.25;
constexpr int kMaxBlocks = 8;
constexpr int kClasses = 10;
constexpr int kTrainBatch = 128, kQuantBatch = 64, kEvalBatch = 256;
constexpr int kCalImages = 1024, kValImages = 700;  // T1 N_cal and held-out split

// Before any allocation of the runs (common/malloc_tuning.h).
const bool kMallocTuned = (RetainFreedMemory(), true);

CrossNasSupernetOptions T1Options() {
  CrossNasSupernetOptions options;
  options.max_blocks = kMaxBlocks;
  options.width_scale = kWidth;
  options.init_seed = 1;
  return options;
}

ArchGenotype Parse(const char* text, int slots = kMaxBlocks) {
  return *nas::crossnas::ParseArchGenotype(text,
                                           nas::crossnas::ArchSpaceOptions{.max_blocks = slots});
}

// The path's blocks at width kWidth (what the supernet runs).
std::vector<BlockSpec> ScaledBlocks() {
  std::vector<BlockSpec> blocks =
      nas::crossnas::ToBlockList(Parse(kPath), networks::crossnas::SupernetArchSpace(T1Options()));
  for (BlockSpec& b : blocks) {
    if (&b != &blocks.front())
      b.in_channels = networks::crossnas::ScaledChannels(b.in_channels, kWidth);
    b.out_channels = networks::crossnas::ScaledChannels(b.out_channels, kWidth);
  }
  return blocks;
}

// The plain LibTorch network of the path: the supernet's active layers as
// ordinary modules (no bias in convs and fc1, affine BN, RES 1x1 projection
// shortcut + BN, head avg pool 2x2 -> fc 4K->200 -> fc 200->50 -> fc 50->10).
class PlainNetImpl : public torch::nn::Module {
 public:
  PlainNetImpl() {
    int size = 32;
    int channels = 3;
    int index = 0;
    for (const BlockSpec& b : ScaledBlocks()) {
      Block block;
      const std::string name = "b" + std::to_string(index++) + "_";
      block.type = b.type;
      block.conv1 = register_module(name + "conv1", Conv(b.in_channels, b.out_channels, 3));
      block.bn1 = register_module(name + "bn1", torch::nn::BatchNorm2d(b.out_channels));
      block.conv2 = register_module(name + "conv2", Conv(b.out_channels, b.out_channels, 3));
      block.bn2 = register_module(name + "bn2", torch::nn::BatchNorm2d(b.out_channels));
      macs_ += int64_t{size} * size * b.out_channels * (b.in_channels + b.out_channels) * 9;
      if (b.type == BlockType::kRes) {
        block.shortcut = register_module(name + "shortcut", Conv(b.in_channels, b.out_channels, 1));
        block.bn_shortcut = register_module(name + "bn_sc", torch::nn::BatchNorm2d(b.out_channels));
        macs_ += int64_t{size} * size * b.out_channels * b.in_channels;
      }
      if (b.max_pool) size /= 2;
      channels = b.out_channels;
      blocks_.push_back(std::move(block));
    }
    fc1_ = register_module(
        "fc1", torch::nn::Linear(torch::nn::LinearOptions(4 * channels, 200).bias(false)));
    fc2_ = register_module("fc2", torch::nn::Linear(200, 50));
    fc3_ = register_module("fc3", torch::nn::Linear(50, kClasses));
    dropout_ = register_module("dropout", torch::nn::Dropout(0.2));
    macs_ += 4 * channels * 200 + 200 * 50 + 50 * kClasses;
  }

  torch::Tensor forward(torch::Tensor x) {
    for (Block& b : blocks_) {
      torch::Tensor y = torch::relu(b.bn1(b.conv1(x)));
      y = b.bn2(b.conv2(y));
      if (b.type == BlockType::kRes) {
        x = torch::relu(y + b.bn_shortcut(b.shortcut(x)));
      } else {
        x = torch::relu(y);
        if (b.type == BlockType::kVgg) x = torch::max_pool2d(x, 2, 2);
      }
    }
    x = torch::adaptive_avg_pool2d(x, {2, 2}).flatten(1);
    x = dropout_(torch::relu(fc1_(x)));
    x = dropout_(torch::relu(fc2_(x)));
    return fc3_(x);
  }

  int64_t macs() const { return macs_; }

 private:
  struct Block {
    BlockType type = BlockType::kVgg;
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, shortcut{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn_shortcut{nullptr};
  };
  static torch::nn::Conv2d Conv(int in, int out, int k) {
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).padding(k / 2).bias(false));
  }

  std::vector<Block> blocks_;
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr}, fc3_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  int64_t macs_ = 0;
};
TORCH_MODULE(PlainNet);

CrossNasSupernet T1Supernet() {
  CrossNasSupernet net = *networks::crossnas::CreateCrossNasSupernet(T1Options());
  AIMC_CHECK(net->SetPath(Parse(kPath)).ok());
  return net;
}

// Skips the run unless the plain net and the supernet's path have the same MACs.
bool SameMacs(benchmark::State& state, PlainNet& plain, CrossNasSupernet& supernet) {
  const absl::StatusOr<int64_t> macs = supernet->ActivePathMacCount(32, 32);
  if (!macs.ok() || *macs != plain->macs()) {
    state.SkipWithError(("MACs differ: plain " + std::to_string(plain->macs()) + ", supernet " +
                         (macs.ok() ? std::to_string(*macs) : std::string(macs.status().message())))
                            .c_str());
    return false;
  }
  state.counters["macs"] = static_cast<double>(*macs);
  return true;
}

torch::optim::SGD MakeSgd(std::vector<torch::Tensor> parameters) {
  return torch::optim::SGD(
      std::move(parameters),
      torch::optim::SGDOptions(0.1).momentum(0.9).nesterov(true).weight_decay(5e-4));
}

// ---- 1. training step ------------------------------------------------------

// One SGD step of `net` (PlainNet or CrossNasSupernet) on a fixed batch.
template <typename Net>
class TrainStep {
 public:
  TrainStep(Net net, bool all_parameters)
      : net_(std::move(net)), sgd_(MakeSgd(net_->parameters())) {
    torch::manual_seed(0);  // inputs and PlainNet's init and dropout only
    x_ = torch::rand({kTrainBatch, 3, 32, 32});
    labels_ = torch::randint(kClasses, {kTrainBatch}, torch::kLong);
    net_->train();
    if (all_parameters) {
      // What SposRegime::BeforeStep does: a zero gradient on every parameter.
      for (torch::Tensor& p : net_->parameters()) {
        if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
      }
    }
  }
  void Run() {
    sgd_.zero_grad();
    torch::nn::functional::cross_entropy(net_->forward(x_), labels_).backward();
    sgd_.step();
  }

 private:
  Net net_;
  torch::optim::SGD sgd_;
  torch::Tensor x_, labels_;
};

double PlainTrainSeconds(int threads) {
  static std::map<int, double> cache;
  if (auto it = cache.find(threads); it != cache.end()) return it->second;
  torch::set_num_threads(threads);
  torch::manual_seed(0);
  TrainStep<PlainNet> step(PlainNet(), false);
  for (int i = 0; i < 2; ++i) step.Run();  // heap and kernel set-up
  return cache[threads] = MeanSeconds([&] { step.Run(); });
}

void BM_TrainStep(benchmark::State& state) {
  const int variant = state.range(0), threads = state.range(1);
  const double baseline = PlainTrainSeconds(threads);
  torch::set_num_threads(threads);
  torch::manual_seed(0);  // PlainNet's initial weights
  PlainNet plain;
  CrossNasSupernet supernet = T1Supernet();
  if (!SameMacs(state, plain, supernet)) return;
  std::unique_ptr<TrainStep<PlainNet>> plain_step;
  std::unique_ptr<TrainStep<CrossNasSupernet>> supernet_step;
  if (variant == 0) {
    plain_step = std::make_unique<TrainStep<PlainNet>>(plain, false);
  } else {
    supernet_step = std::make_unique<TrainStep<CrossNasSupernet>>(supernet, variant == 1);
  }
  const auto run = [&] { plain_step ? plain_step->Run() : supernet_step->Run(); };
  for (int i = 0; i < 2; ++i) run();
  const Stopwatch watch;
  for (auto _ : state) run();
  state.counters["x_plain"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kTrainBatch);
}

// ---- 2. candidate evaluation ------------------------------------------------

// The calibration and held-out images as float batches of kEvalBatch (p/255,
// as the batcher makes them without augmentation).
std::vector<torch::Tensor> FloatBatches(const Dataset& data) {
  const auto pixels = data.uint8_pixels();
  const torch::Tensor all =
      torch::from_blob(const_cast<uint8_t*>(pixels.data()), {data.size(), 3, 32, 32}, torch::kUInt8)
          .to(torch::kFloat) /
      255.0f;
  std::vector<torch::Tensor> batches;
  for (int64_t i = 0; i < data.size(); i += kEvalBatch) {
    batches.push_back(all.slice(0, i, std::min<int64_t>(i + kEvalBatch, data.size())).clone());
  }
  return batches;
}

struct EvalData {
  Dataset calibration = testing::MakeBandsDataset(kCalImages, {3, 32, 32}, kClasses, 0);
  Dataset validation = testing::MakeBandsDataset(kValImages, {3, 32, 32}, kClasses, 1);
  std::vector<torch::Tensor> batches;  // calibration then validation, as floats
  EvalData() {
    for (const Dataset* d : {&calibration, &validation}) {
      for (torch::Tensor& b : FloatBatches(*d)) batches.push_back(std::move(b));
    }
  }
};

const EvalData& Data() {
  static const EvalData* data = new EvalData();
  return *data;
}

template <typename Net>
void EvalForward(Net& net) {
  torch::NoGradGuard no_grad;
  net->eval();
  for (const torch::Tensor& b : Data().batches) benchmark::DoNotOptimize(net->forward(b));
}

double PlainEvalSeconds(int threads) {
  static std::map<int, double> cache;
  if (auto it = cache.find(threads); it != cache.end()) return it->second;
  torch::set_num_threads(threads);
  PlainNet plain;
  return cache[threads] = MeanSeconds([&] { EvalForward(plain); });
}

void BM_CandidateEval(benchmark::State& state) {
  const int variant = state.range(0), threads = state.range(1);
  const double baseline = PlainEvalSeconds(threads);
  torch::set_num_threads(threads);
  PlainNet plain;
  CrossNasSupernet supernet = T1Supernet();
  if (!SameMacs(state, plain, supernet)) return;
  ArchEvaluatorConfig config;
  config.recalibration.num_images = kCalImages;
  config.recalibration.batch_size = kEvalBatch;
  config.eval_batch_size = kEvalBatch;
  const ArchGenotype path = Parse(kPath);
  const auto run = [&] {
    if (variant == 0) {
      EvalForward(plain);
    } else if (variant == 1) {
      // A fresh evaluator each time: its cache would answer a repeat.
      auto evaluator = SupernetArchEvaluator::Create(supernet.ptr(), &Data().calibration,
                                                     &Data().validation, config);
      AIMC_CHECK(evaluator.ok());
      benchmark::DoNotOptimize((*evaluator)->Evaluate(path));
    } else {
      EvalForward(supernet);
    }
  };
  run();
  const Stopwatch watch;
  for (auto _ : state) run();
  state.counters["x_plain"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * (kCalImages + kValImages));
}

// ---- 3. QuantNet forward ----------------------------------------------------

struct QuantSetup {
  QuantNet net{nullptr};
  torch::Tensor x;
};

// The path's QuantNet, α calibrated on the batch, in `mode`, eval.
QuantSetup MakeQuant(QuantMode mode, int dac_bits) {
  const ArchGenotype path = Parse(kPath);
  const absl::StatusOr<networks::crossnas::QuantNetSpec> spec =
      networks::crossnas::CrossNasQuantSpec(
          nas::crossnas::ToBlockList(path, networks::crossnas::SupernetArchSpace(T1Options())),
          kWidth, kClasses);
  AIMC_CHECK(spec.ok());
  QuantSetup s;
  s.net = *networks::crossnas::CreateQuantNet(*spec, 1);
  torch::manual_seed(0);
  s.x = torch::rand({kQuantBatch, 3, 32, 32});
  torch::NoGradGuard no_grad;
  s.net->eval();
  s.net->SetMode(QuantMode::kQat);
  s.net->SetCalibrating(true);
  s.net->forward(s.x);
  s.net->SetCalibrating(false);
  AIMC_CHECK(s.net->SetPim({.crossbar_size = 256, .adc_bits = 8, .dac_bits = dac_bits}).ok());
  s.net->SetMode(mode);
  return s;
}

double QuantSeconds(QuantMode mode, int dac_bits, int threads) {
  static std::map<std::tuple<QuantMode, int, int>, double> cache;
  const std::tuple<QuantMode, int, int> key = {mode, dac_bits, threads};
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  torch::set_num_threads(threads);
  QuantSetup s = MakeQuant(mode, dac_bits);
  torch::NoGradGuard no_grad;
  return cache[key] = MeanSeconds([&] { benchmark::DoNotOptimize(s.net->forward(s.x)); });
}

double PlainForwardSeconds(int threads) {
  static std::map<int, double> cache;
  if (auto it = cache.find(threads); it != cache.end()) return it->second;
  torch::set_num_threads(threads);
  PlainNet plain;
  plain->eval();
  torch::manual_seed(0);
  const torch::Tensor x = torch::rand({kQuantBatch, 3, 32, 32});
  torch::NoGradGuard no_grad;
  return cache[threads] = MeanSeconds([&] { benchmark::DoNotOptimize(plain->forward(x)); });
}

void BM_QuantForward(benchmark::State& state) {
  static constexpr QuantMode kModes[] = {QuantMode::kFloat, QuantMode::kQat, QuantMode::kPim};
  const QuantMode mode = kModes[state.range(0)];
  const int dac_bits = state.range(1), threads = state.range(2);
  const double baseline = QuantSeconds(QuantMode::kFloat, dac_bits, threads);
  const double plain = mode == QuantMode::kFloat ? PlainForwardSeconds(threads) : 0;
  torch::set_num_threads(threads);
  QuantSetup s = MakeQuant(mode, dac_bits);
  torch::NoGradGuard no_grad;
  s.net->forward(s.x);
  const Stopwatch watch;
  for (auto _ : state) benchmark::DoNotOptimize(s.net->forward(s.x));
  const double seconds = watch.Seconds() / state.iterations();
  state.counters["x_float"] = seconds / baseline;
  if (plain > 0) state.counters["x_plain"] = seconds / plain;
  state.SetLabel(std::string(networks::crossnas::QuantModeName(mode)));
  state.SetItemsProcessed(state.iterations() * kQuantBatch);
}

// ---- 4. full-width cost -----------------------------------------------------

void BM_ArchCost(benchmark::State& state) {
  const ArchGenotype arch = Parse(state.range(0) == 0 ? kPath : kEightBlocks);
  const crossbar::cost::CostConfig config = *Stage1CostConfig();
  const crossbar::cost::Network network =
      *crossbar::cost::CrossNasNetwork(FullWidthCostBlocks(arch), kClasses);
  const crossbar::cost::Hardware hw = *crossbar::cost::MakeHardware(config);
  const double baseline =
      MeanSeconds([&] { benchmark::DoNotOptimize(crossbar::cost::EvaluateNetwork(network, hw)); });
  const Stopwatch watch;
  for (auto _ : state) benchmark::DoNotOptimize(EvaluateArchCost(arch, config));
  state.counters["x_model"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations());
}

// Threads: 1 (the default), 2 (the VM's cores; filter with threads:1 to skip).
BENCHMARK(BM_TrainStep)
    ->ArgNames({"variant", "threads"})
    ->ArgsProduct({{0, 1, 2}, {1, 2}})
    ->UseRealTime()
    ->MinTime(2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CandidateEval)
    ->ArgNames({"variant", "threads"})
    ->ArgsProduct({{0, 1, 2}, {1, 2}})
    ->UseRealTime()
    ->MinTime(2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantForward)
    ->ArgNames({"mode", "dac", "threads"})
    ->Args({0, 2, 1})
    ->Args({1, 2, 1})
    ->Args({2, 2, 1})
    ->Args({2, 1, 1})
    ->Args({0, 2, 2})
    ->Args({2, 2, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ArchCost)->ArgName("arch")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace aimc::training::crossnas
