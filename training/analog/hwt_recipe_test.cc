// Tests of HWT recipe loading (hwt_recipe.h): the two named presets hold the
// published settings; bad fields and names are errors naming them.
#include "training/analog/hwt_recipe.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::training {
namespace {

using ::testing::ElementsAre;

TEST(HwtRecipeTest, PresetsHoldThePublishedSettings) {
  EXPECT_THAT(HwtRecipeNames(), ElementsAre("analognas_bench", "rasch2023"));
  absl::StatusOr<HwtRecipe> anb = LoadHwtRecipe("analognas_bench");
  ASSERT_TRUE(anb.ok()) << anb.status();
  EXPECT_EQ(anb->tile_preset(), "analognas_bench");
  EXPECT_EQ(anb->weight_noise().type(), WeightNoiseConfig::ADDITIVE_GAUSSIAN);
  EXPECT_DOUBLE_EQ(anb->weight_noise().scale(), 0.06);
  EXPECT_EQ(anb->clip().type(), ClipConfig::LAYER_GAUSSIAN);
  EXPECT_DOUBLE_EQ(anb->clip().sigma(), 2.0);
  EXPECT_EQ(anb->remap().type(), RemapConfig::LAYERWISE);
  EXPECT_DOUBLE_EQ(anb->optimizer().lr(), 0.01);
  EXPECT_FALSE(anb->optimizer().cosine());
  const crossbar::WeightNoiseInjection injection = ToInjection(anb->weight_noise());
  EXPECT_EQ(injection.type, crossbar::WeightNoiseInjection::Type::kAdditiveGaussian);
  EXPECT_FLOAT_EQ(injection.scale, 0.06f);

  absl::StatusOr<HwtRecipe> rasch = LoadHwtRecipe("rasch2023");
  ASSERT_TRUE(rasch.ok()) << rasch.status();
  EXPECT_EQ(rasch->weight_noise().type(), WeightNoiseConfig::PCM);
  EXPECT_DOUBLE_EQ(rasch->weight_noise().scale(), 3.0);
  EXPECT_GT(rasch->weight_noise().ramp_up_batches(), 0);
  EXPECT_DOUBLE_EQ(rasch->weight_noise().drop_connect(), 0.01);
  EXPECT_EQ(rasch->clip().type(), ClipConfig::FIXED);
  EXPECT_DOUBLE_EQ(rasch->clip().fixed_value(), 1.0);
  EXPECT_EQ(rasch->remap().type(), RemapConfig::COLUMNWISE);
  EXPECT_TRUE(rasch->remap().learn_out_scale());
}

TEST(HwtRecipeTest, ErrorsNameTheField) {
  EXPECT_EQ(LoadHwtRecipe("no_such_recipe").status().code(), absl::StatusCode::kNotFound);
  HwtRecipe r = *LoadHwtRecipe("analognas_bench");
  r.mutable_weight_noise()->set_scale(-1);
  absl::Status s = ValidateHwtRecipe(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "weight_noise.scale")) << s;
  r = *LoadHwtRecipe("analognas_bench");
  r.mutable_weight_noise()->set_drop_connect(1.5);
  EXPECT_TRUE(absl::StrContains(ValidateHwtRecipe(r).message(), "drop_connect"));
  r = *LoadHwtRecipe("analognas_bench");
  r.mutable_optimizer()->set_lr(0);
  EXPECT_TRUE(absl::StrContains(ValidateHwtRecipe(r).message(), "optimizer.lr"));
  r = *LoadHwtRecipe("analognas_bench");
  r.clear_tile_preset();
  EXPECT_TRUE(absl::StrContains(ValidateHwtRecipe(r).message(), "tile_preset"));
  r = *LoadHwtRecipe("rasch2023");
  r.mutable_remap()->set_type(RemapConfig::NONE);
  EXPECT_TRUE(absl::StrContains(ValidateHwtRecipe(r).message(), "learn_out_scale"));
}

}  // namespace
}  // namespace aimc::training
