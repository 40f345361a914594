// The model store (vant_models.h) at the "test" scale on Debian's
// Fashion-MNIST: a model's curve covers the test grid and falls with σ; a
// second call reads it back without training; another model gets another
// key; bad input is a Status.
#include "experiments/vant/vant_models.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

std::string Store(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp != nullptr ? tmp : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(VantModelsTest, CurveIsStoredAndReusedWithoutTraining) {
  VantRun run;
  run.scale = *VantScaleByName("test");
  run.store_dir = Store("vant_store");
  run.log = nullptr;
  const auto data = LoadVantData(run.scale, "");
  ASSERT_TRUE(data.ok()) << data.status();
  const ModelSpec nt{.per_image = false, .noise = {.sigma_train = 0.5}};
  const auto first = ModelCurve(run, *data, nt);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->sigma.size(), tv::TestSigmaGrid().size());
  // Noise costs accuracy: σ = 3 is well below σ = 0.1 (trained 1 epoch).
  EXPECT_GT(first->accuracy_pct.front(), first->accuracy_pct.back() + 5);
  int files = 0;
  std::filesystem::path curve;
  for (const auto& e : std::filesystem::directory_iterator(run.store_dir)) {
    ++files;
    if (e.path().extension() == ".curve") curve = e.path();
  }
  EXPECT_EQ(files, 2);  // checkpoint + curve
  ASSERT_FALSE(curve.empty());
  const auto written = std::filesystem::last_write_time(curve);
  const auto again = ModelCurve(run, *data, nt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->accuracy_pct, first->accuracy_pct);
  EXPECT_EQ(std::filesystem::last_write_time(curve), written);  // read, not rewritten
  // A VANT model and another seed are other keys.
  const ModelSpec vant{.per_image = true, .noise = {.sigma_train = 0.5, .alpha = 0.45, .theta = 0.25}};
  EXPECT_NE(ModelKey(run, nt), ModelKey(run, vant));
  VantRun other = run;
  other.seed = 1;
  EXPECT_NE(ModelKey(run, nt), ModelKey(other, nt));
}

TEST(VantModelsTest, BadInputIsAStatus) {
  EXPECT_EQ(VantScaleByName("huge").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(VantScaleByName("huge").status().message(), "small"));
  VantRun run;
  run.scale = *VantScaleByName("test");
  EXPECT_EQ(LoadVantData(run.scale, "/nonexistent").status().code(),
            absl::StatusCode::kNotFound);
  run.store_dir = Store("vant_bad");
  const auto data = LoadVantData(run.scale, "");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(ModelCurve(run, *data, {.noise = {.sigma_train = -1}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::experiments::vant
