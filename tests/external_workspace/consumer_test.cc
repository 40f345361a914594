// Compiled in a separate workspace by tests/external_workspace_test.sh: the
// device_models package and its embedded presets work through
// local_repository + @aimc_nas//device_models.
#include "device_models/config.h"
#include "device_models/device_model.h"
#include "device_models/pair_array.h"
#include "gtest/gtest.h"

TEST(ConsumerTest, PresetsResolveByNameAndProgram) {
  const auto config = aimc::device_models::LoadDeviceModelConfig("rasch2023_pcm");
  ASSERT_TRUE(config.ok()) << config.status();
  const auto model = aimc::device_models::CreateDeviceModel(*config);
  ASSERT_TRUE(model.ok()) << model.status();
  const Eigen::MatrixXf w = Eigen::MatrixXf::Random(64, 64);
  const auto array = aimc::device_models::PairArray::Program(*model, w, {.seed = 1}, 1);
  ASSERT_TRUE(array.ok()) << array.status();
  // Programming noise is a few percent of max|W| (sigma_p / g_max ~ 0.02-0.05).
  const float err = (array->programmed_weights() - w).cwiseAbs().mean() / w.cwiseAbs().maxCoeff();
  EXPECT_GT(err, 0.005f);
  EXPECT_LT(err, 0.1f);
  EXPECT_EQ(aimc::device_models::LoadDeviceModelConfig("no_such").status().code(),
            absl::StatusCode::kNotFound);
}
