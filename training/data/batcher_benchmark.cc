// Building an augmented CIFAR-10 batch of 128 vs a plain memcpy of its bytes.
//   bazel run -c opt //training/data:batcher_benchmark
// Baseline (same binary, same run, measured first): memcpy of one batch's
// output floats, 128 x 3 x 32 x 32 x 4 B = 1.5 MiB, between two buffers. Each
// batch entry reports x_memcpy, its time over the baseline's. Batches are the
// 36 full batches of a shuffled epoch (drop_last), cycled; threads fill one
// batch. Data: the real CIFAR-10 subset (train.bin) when ../shared/data is
// found, else synthetic pixels (the speed does not depend on their values).
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/testing/shared_data.h"
#include "training/data/augment.h"
#include "training/data/batcher.h"
#include "training/data/cifar10.h"
#include "training/data/dataset.h"
#include "training/data/testing/test_util.h"
#include "training/data/transforms.h"

namespace aimc::training {
namespace {

constexpr int kBatch = 128;

const Dataset& Cifar() {
  static const Dataset* dataset = [] {
    auto file = ::aimc::test_util::FindSharedDataFile("cifar10_subset/train.bin");
    if (file.ok()) {
      auto d = LoadCifar10(std::filesystem::path(*file).parent_path().string(), Split::kTrain);
      if (d.ok()) {
        std::fprintf(stderr, "data: %s\n", d->provenance().c_str());
        return new Dataset(*std::move(d));
      }
    }
    std::fprintf(stderr, "data: synthetic 4660 x 3x32x32 (../shared/data not found)\n");
    return new Dataset(test_util::MakeDataset(4660, ImageShape{3, 32, 32}));
  }();
  return *dataset;
}

const Dataset& Cifar16() {
  static const Dataset* dataset = new Dataset(*Downscale(Cifar(), 2));
  return *dataset;
}

void CopyBatch(const std::vector<float>& from, std::vector<float>& to) {
  std::memcpy(to.data(), from.data(), from.size() * sizeof(float));
  benchmark::DoNotOptimize(to.data());
  benchmark::ClobberMemory();
}

double MemcpySeconds() {
  static const double seconds = [] {
    std::vector<float> from(kBatch * 3072, 1.0f), to(kBatch * 3072);
    return MeanSeconds([&] { CopyBatch(from, to); });
  }();
  return seconds;
}

void BM_Memcpy(benchmark::State& state) {
  std::vector<float> from(kBatch * 3072, 1.0f), to(kBatch * 3072);
  for (auto _ : state) CopyBatch(from, to);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(state.iterations() * kBatch * 3072 * sizeof(float));
}

void BM_FillBatch(benchmark::State& state, const Dataset& data, AugmentPreset preset) {
  const double baseline = MemcpySeconds();
  BatcherConfig config;
  config.batch_size = kBatch;
  config.drop_last = true;
  config.seed = 1;
  config.num_threads = static_cast<int>(state.range(0));
  config.augment = PresetAugmentConfig(preset, Split::kTrain, Nb201Cifar10Normalization());
  auto batcher = Batcher::Create(&data, config);
  if (!batcher.ok()) {
    state.SkipWithError(std::string(batcher.status().message()).c_str());
    return;
  }
  const EpochPlan plan = batcher->Plan(0);
  std::vector<float> images(batcher->batch_floats());
  std::vector<int64_t> labels(kBatch);
  int64_t b = 0;
  batcher->FillBatch(plan, b, absl::MakeSpan(images), absl::MakeSpan(labels));  // warm-up
  const Stopwatch watch;
  for (auto _ : state) {
    batcher->FillBatch(plan, b, absl::MakeSpan(images), absl::MakeSpan(labels));
    benchmark::DoNotOptimize(images.data());
    b = (b + 1) % plan.num_batches();
  }
  // The 16x16 batch moves a quarter of the bytes; the ratio is still to the
  // 32x32 memcpy.
  state.counters["x_memcpy"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void Threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond)->UseRealTime();
}

int Register() {
  benchmark::RegisterBenchmark("BM_Memcpy/3x32x32/batch:128", BM_Memcpy)
      ->Unit(benchmark::kMicrosecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("BM_FillBatch/none/3x32x32/batch:128",
                               [](benchmark::State& s) {
                                 BM_FillBatch(s, Cifar(), AugmentPreset::kNone);
                               })
      ->Apply(Threads);
  benchmark::RegisterBenchmark("BM_FillBatch/standard/3x32x32/batch:128",
                               [](benchmark::State& s) {
                                 BM_FillBatch(s, Cifar(), AugmentPreset::kStandard);
                               })
      ->Apply(Threads);
  benchmark::RegisterBenchmark("BM_FillBatch/analognas_bench/3x32x32/batch:128",
                               [](benchmark::State& s) {
                                 BM_FillBatch(s, Cifar(), AugmentPreset::kAnalogNasBench);
                               })
      ->Apply(Threads);
  benchmark::RegisterBenchmark("BM_FillBatch/standard/3x16x16_float/batch:128",
                               [](benchmark::State& s) {
                                 BM_FillBatch(s, Cifar16(), AugmentPreset::kStandard);
                               })
      ->Apply(Threads);
  return 0;
}
const int kRegistered = Register();

}  // namespace
}  // namespace aimc::training
