// Every device-model preset passes the same checks (style.md §7, as AIHWKit
// runs every preset through one test): programming and reads give finite,
// non-negative conductances and weights within a few noise stds of the
// target; the thread count changes no number; reads at the same index repeat
// and at another index differ; a read long after programming never gains
// conductance on average (PCM drifts down, ReRAM/constant do not drift).
#include <cmath>
#include <string>

#include "Eigen/Core"
#include "common/random.h"
#include "device_models/config.h"
#include "device_models/device_model.h"
#include "device_models/pair_array.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

using device_models::DeviceModelPresetNames;
using device_models::PairArray;

class DeviceModelConformance : public ::testing::TestWithParam<std::string> {
 protected:
  device_models::DeviceModel Model() const {
    return *device_models::CreateDeviceModel(
        *device_models::LoadDeviceModelConfig(GetParam()));
  }
  static Eigen::MatrixXf Weights() {
    Eigen::MatrixXf w(96, 80);
    RandomStream(StreamKey{.seed = 5}).FillNormal(0, absl::MakeSpan(w.data(), w.size()));
    return w;
  }
};

TEST_P(DeviceModelConformance, ProgramsFiniteNonNegativeConductances) {
  const auto a = PairArray::Program(Model(), Weights(), StreamKey{.seed = 1}, 1);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->g_prog_plus_us().allFinite());
  EXPECT_TRUE(a->g_prog_minus_us().allFinite());
  EXPECT_GE(a->g_prog_plus_us().minCoeff(), 0.0f);
  EXPECT_GE(a->g_prog_minus_us().minCoeff(), 0.0f);
  // Programming error: a few percent of max|W| (every published model is
  // well below 10 % rms).
  const float max_abs = a->target_weights().cwiseAbs().maxCoeff();
  const double rms =
      std::sqrt((a->programmed_weights() - a->target_weights()).squaredNorm() /
                a->target_weights().size()) / max_abs;
  EXPECT_GT(rms, 0.0);
  EXPECT_LT(rms, 0.1);
}

TEST_P(DeviceModelConformance, ThreadCountChangesNoNumber) {
  const auto a1 = *PairArray::Program(Model(), Weights(), StreamKey{.seed = 2}, 1);
  const auto a2 = *PairArray::Program(Model(), Weights(), StreamKey{.seed = 2}, 2);
  EXPECT_EQ(a1.programmed_weights(), a2.programmed_weights());
  Eigen::MatrixXf r1, r2;
  a1.Read(3600, 4, 1, &r1);
  a2.Read(3600, 4, 2, &r2);
  EXPECT_EQ(r1, r2);
}

TEST_P(DeviceModelConformance, ReadsRepeatByIndexAndDifferAcrossIndices) {
  const auto a = *PairArray::Program(Model(), Weights(), StreamKey{.seed = 3}, 1);
  Eigen::MatrixXf first, again, other;
  a.Read(60, 0, 1, &first);
  a.Read(60, 0, 1, &again);
  a.Read(60, 1, 1, &other);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  EXPECT_TRUE(first.allFinite());
}

TEST_P(DeviceModelConformance, NoConductanceGainAfterAMonth) {
  const auto a = *PairArray::Program(Model(), Weights(), StreamKey{.seed = 4}, 1);
  Eigen::MatrixXf month;
  a.Read(30 * 86400.0, 0, 1, &month);
  // Mean |w| after a month is at most that after programming, allowing 3 %
  // for read noise pushing small weights outward (zero-mean noise on |w|).
  EXPECT_LE(month.cwiseAbs().mean(), 1.03f * a.programmed_weights().cwiseAbs().mean());
}

INSTANTIATE_TEST_SUITE_P(AllPresets, DeviceModelConformance,
                         ::testing::ValuesIn(DeviceModelPresetNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace aimc
