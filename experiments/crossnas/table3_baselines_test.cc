// Tests of the Table 3 baselines on tiny synthetic data (rho 1/8, 1 + 1 epochs, 32 test
// images): every model trains, its cost is table3_cost's, accuracies are percentages and
// the fake-quantised 9/9 net tracks FP; a rerun resumes without training and gives the same
// numbers; bad configs name the field.
#include "experiments/crossnas/table3_baselines.h"

#include <string>

#include "absl/status/status.h"
#include "experiments/crossnas/crossnas_testing.h"
#include "experiments/crossnas/table3_cost.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::experiments::crossnas {
namespace {

using ::testing::HasSubstr;

BaselineConfig TinyConfig() {
  BaselineConfig c = T0BaselineConfig();
  c.batch_size = 32;
  c.test_images = 32;
  return c;
}

TEST(Table3BaselinesTest, TrainsEveryModelThenResumesWithTheSameNumbers) {
  const training::Dataset train = testing_data::Bands(96), test = testing_data::Bands(32, 99);
  BaselineInput in;
  in.tier = "t0";
  in.store_dir = testing_data::FreshDir("table3_baselines");
  in.data_description = "bands";
  in.train = &train;
  in.test = &test;
  in.log = nullptr;
  absl::StatusOr<BaselineReport> first = RunTable3Baselines(TinyConfig(), in);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<Table3Report> costs = BuildTable3Report("");
  ASSERT_TRUE(costs.ok()) << costs.status();
  ASSERT_EQ(first->rows.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const BaselineRow& b = first->rows[i];
    EXPECT_EQ(b.model, costs->rows[i].name);
    EXPECT_EQ(b.cost.edp_mj_ms, costs->rows[i].ours->edp_mj_ms);
    EXPECT_EQ(b.paper_accuracy_pct, *costs->rows[i].paper_acc);
    EXPECT_EQ(b.epochs_now, 2);
    EXPECT_GT(b.num_bit_groups, 3);
    for (double acc : {b.fp_accuracy_pct, b.qat_accuracy_pct, b.pim_accuracy_pct}) {
      EXPECT_GE(acc, 0);
      EXPECT_LE(acc, 100);
    }
  }
  const std::string text = FormatBaselineReport(*first);
  std::printf("%s", text.c_str());
  EXPECT_THAT(text, HasSubstr("scale: tier t0"));
  EXPECT_THAT(text, HasSubstr("ResNet18"));

  absl::StatusOr<BaselineReport> second = RunTable3Baselines(TinyConfig(), in);
  ASSERT_TRUE(second.ok()) << second.status();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(second->rows[i].epochs_now, 0);
    EXPECT_EQ(second->rows[i].pim_accuracy_pct, first->rows[i].pim_accuracy_pct);
    EXPECT_EQ(second->rows[i].qat_accuracy_pct, first->rows[i].qat_accuracy_pct);
  }
}

TEST(Table3BaselinesTest, BadConfigsNameTheField) {
  BaselineConfig c = TinyConfig();
  c.models = {"lenet"};
  EXPECT_EQ(ValidateBaselineConfig(c).code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(ValidateBaselineConfig(c).message(), HasSubstr("lenet"));
  c = TinyConfig();
  c.qat_epochs = 0;
  EXPECT_THAT(ValidateBaselineConfig(c).message(), HasSubstr("BaselineConfig.qat_epochs"));
  c = TinyConfig();
  c.width_scale = 0;
  EXPECT_THAT(ValidateBaselineConfig(c).message(), HasSubstr("BaselineConfig.width_scale"));
  EXPECT_EQ(T1BaselineConfig().fp_epochs, 60);
  EXPECT_EQ(T1BaselineConfig().qat_epochs, 10);
  EXPECT_EQ(T1BaselineConfig().test_images, 932);
}

}  // namespace
}  // namespace aimc::experiments::crossnas
