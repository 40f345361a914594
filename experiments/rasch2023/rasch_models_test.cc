// The Rasch model store at the "test" scale (FP 2,000 images 4 epochs, HWA 200 images 1 epoch):
// every model kind trains and evaluates, the store answers a second call with the same numbers
// without recomputing, a torn evaluation file is recomputed to the same numbers, and bad names are
// Statuses.
#include "experiments/rasch2023/rasch_models.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/malloc_tuning.h"
#include "gtest/gtest.h"
#include "networks/analog/convert.h"

namespace aimc::experiments::rasch2023 {
namespace {

RaschRun TestRun(const std::string& dir) {
  RaschRun run;
  run.scale = *RaschScaleByName("test");
  run.store_dir = dir;
  run.seed = 3;
  run.log = nullptr;
  return run;
}

const RaschData& Data() {
  static const RaschData* data = [] {
    absl::StatusOr<RaschData> d = LoadRaschData(*RaschScaleByName("test"), "");
    EXPECT_TRUE(d.ok()) << d.status();
    return new RaschData(*std::move(d));
  }();
  return *data;
}

std::string StoreDir(const std::string& name) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(RaschModelsTest, NamesAndScales) {
  EXPECT_EQ(RaschScaleByName("small")->training_trials, 3);
  EXPECT_EQ(RaschScaleByName("quick")->hwa_train_images, 10000);
  EXPECT_EQ(RaschScaleByName("huge").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*ParseRaschNet("r20"), RaschNet::kR20);
  EXPECT_EQ(ParseRaschNet("vgg").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Data().train.size(), 2000);
  EXPECT_EQ(Data().test.size(), 100);
}

TEST(RaschModelsTest, FpAndHwaModelsEvaluateAndResumeFromTheStore) {
  const RaschRun run = TestRun(StoreDir("store"));
  absl::StatusOr<TrainedModel> fp = FpModel(run, Data(), RaschNet::kL5);
  ASSERT_TRUE(fp.ok()) << fp.status();
  EXPECT_FALSE(fp->analog);
  EXPECT_GT(fp->fp_error_pct, 0);
  EXPECT_LT(fp->fp_error_pct, 70);  // chance is 90 %

  absl::StatusOr<crossbar::TileConfig> pcm = StandardPcmTile();
  ASSERT_TRUE(pcm.ok());
  const EvalSetting setting{"pcm", *pcm, {1.0, 86400.0}};
  absl::StatusOr<DriftErrors> e = EvaluateOnTile(run, Data(), *fp, setting);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->errors_pct.size(), 2u);
  ASSERT_EQ(e->errors_pct[0].size(), 2u);  // inference trials
  // Two chips differ (fresh programming per trial).
  EXPECT_NE(e->errors_pct[1][0], e->errors_pct[1][1]);

  for (HwaVariant v : {HwaVariant::kOurs, HwaVariant::kJoshiStyle, HwaVariant::kNoNoise}) {
    absl::StatusOr<TrainedModel> hwa = HwaModel(run, Data(), RaschNet::kL5, {.variant = v}, 0);
    ASSERT_TRUE(hwa.ok()) << HwaVariantName(v) << ": " << hwa.status();
    EXPECT_TRUE(hwa->analog);
    EXPECT_EQ(hwa->mapping, v == HwaVariant::kJoshiStyle ? crossbar::MappingConfig::TILE
                                                         : crossbar::MappingConfig::COLUMN);
    absl::StatusOr<DriftErrors> he = EvaluateOnTile(run, Data(), *hwa, setting);
    ASSERT_TRUE(he.ok()) << he.status();
    for (double err : he->errors_pct[0]) EXPECT_LT(err, 90.0) << HwaVariantName(v);
  }

  // The store: the same numbers again, and after a torn file.
  absl::StatusOr<DriftErrors> again = EvaluateOnTile(run, Data(), *fp, setting);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->errors_pct, e->errors_pct);
  for (const auto& f : std::filesystem::directory_iterator(run.store_dir)) {
    if (f.path().extension() == ".errors") std::filesystem::resize_file(f.path(), 40);
  }
  absl::StatusOr<DriftErrors> recomputed = EvaluateOnTile(run, Data(), *fp, setting);
  ASSERT_TRUE(recomputed.ok()) << recomputed.status();
  EXPECT_EQ(recomputed->errors_pct, e->errors_pct);
}

// Supp. Fig. 2's compression (spec C: q_i >= gamma_i, <= N distinct levels,
// N = 1 gives q_i = max gamma) leaves the ideal product unchanged.
TEST(RaschModelsTest, CompressedScalesKeepTheProduct) {
  const RaschRun run = TestRun(StoreDir("compress"));
  absl::StatusOr<TrainedModel> hwa = HwaModel(run, Data(), RaschNet::kL5, {}, 0);
  ASSERT_TRUE(hwa.ok()) << hwa.status();
  torch::NoGradGuard no_grad;
  const auto layers = networks::analog::AnalogLayers(*hwa->network);
  ASSERT_FALSE(layers.empty());
  std::vector<torch::Tensor> products, gammas;
  for (auto* l : layers) {
    std::vector<int64_t> view(static_cast<size_t>(l->weight.dim()), 1);
    view[0] = l->weight.size(0);
    gammas.push_back(l->out_scale.detach().abs().clone());
    products.push_back((l->weight * l->out_scale.view(view)).clone());
  }
  for (int levels : {4, 1}) {
    ASSERT_TRUE(CompressOutScales(hwa->network, levels).ok());
    for (size_t i = 0; i < layers.size(); ++i) {
      auto* l = layers[i];
      std::vector<int64_t> view(static_cast<size_t>(l->weight.dim()), 1);
      view[0] = l->weight.size(0);
      EXPECT_TRUE(torch::allclose(l->weight * l->out_scale.view(view), products[i], 1e-4, 1e-6));
      const torch::Tensor q = l->out_scale.detach().abs();
      EXPECT_TRUE((q >= gammas[i] * (1 - 1e-5)).all().item<bool>());
      EXPECT_LE(std::get<0>(at::_unique(q)).numel(), levels);
      if (levels == 1) {
        EXPECT_NEAR(q.min().item<double>(), gammas[i].max().item<double>(), 1e-5);
      }
      gammas[i] = q.clone();  // the next compression starts from these
    }
  }
}

// Supp. Table 8's inputs: one non-negative score per output column; FP
// models refused; exempting every column changes a 1 y evaluation (no device
// noise left on the weights) and a mask for too many layers is refused.
TEST(RaschModelsTest, ColumnScoresAndExemptColumns) {
  const RaschRun run = TestRun(StoreDir("exempt"));
  absl::StatusOr<TrainedModel> hwa = HwaModel(run, Data(), RaschNet::kL5, {}, 0);
  ASSERT_TRUE(hwa.ok()) << hwa.status();
  absl::StatusOr<std::vector<std::vector<double>>> scores =
      ColumnGradientScores(run, Data(), *hwa, 2);
  ASSERT_TRUE(scores.ok()) << scores.status();
  const auto layers = networks::analog::AnalogLayers(*hwa->network);
  ASSERT_EQ(scores->size(), layers.size());
  double total = 0;
  for (size_t l = 0; l < layers.size(); ++l) {
    ASSERT_EQ(static_cast<int64_t>((*scores)[l].size()), layers[l]->weight.size(0));
    for (double v : (*scores)[l]) {
      EXPECT_TRUE(std::isfinite(v) && v >= 0) << v;
      total += v;
    }
  }
  EXPECT_GT(total, 0);
  absl::StatusOr<TrainedModel> fp = FpModel(run, Data(), RaschNet::kL5);
  ASSERT_TRUE(fp.ok());
  EXPECT_EQ(ColumnGradientScores(run, Data(), *fp, 2).status().code(),
            absl::StatusCode::kFailedPrecondition);

  absl::StatusOr<crossbar::TileConfig> pcm = StandardPcmTile();
  ASSERT_TRUE(pcm.ok());
  EvalSetting none{"pcm", *pcm, {kOneYearS}};
  EvalSetting all = none;
  for (auto* l : layers) all.exempt_columns.emplace_back(l->weight.size(0), true);
  absl::StatusOr<DriftErrors> e_none = EvaluateOnTile(run, Data(), *hwa, none);
  absl::StatusOr<DriftErrors> e_all = EvaluateOnTile(run, Data(), *hwa, all);
  ASSERT_TRUE(e_none.ok() && e_all.ok());
  EXPECT_NE(e_none->errors_pct, e_all->errors_pct);
  all.exempt_columns.emplace_back(1, true);
  EXPECT_EQ(EvaluateOnTile(run, Data(), *hwa, all).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RaschModelsTest, R20TrainsAndMapsOnTheReramTile) {
  const RaschRun run = TestRun(StoreDir("r20"));
  absl::StatusOr<TrainedModel> hwa = HwaModel(run, Data(), RaschNet::kR20, {}, 0);
  ASSERT_TRUE(hwa.ok()) << hwa.status();
  absl::StatusOr<crossbar::TileConfig> reram = ReramTile();
  ASSERT_TRUE(reram.ok());
  absl::StatusOr<DriftErrors> e = EvaluateOnTile(run, Data(), *hwa, {"reram", *reram, {1.0}});
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->errors_pct[0].size(), 2u);
  crossbar::TileConfig bad = *reram;
  bad.mutable_forward()->set_out_bits(-1);
  EXPECT_EQ(EvaluateOnTile(run, Data(), *hwa, {"bad", bad, {1.0}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  aimc::RetainFreedMemory();
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
