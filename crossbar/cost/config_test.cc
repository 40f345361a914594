#include "crossbar/cost/config.h"

#include "gtest/gtest.h"

namespace aimc::crossbar::cost {
namespace {

TEST(CostConfig, PresetsParseAndValidate) {
  const auto mnsim = LoadCostConfig("mnsim_default");
  ASSERT_TRUE(mnsim.ok()) << mnsim.status();
  EXPECT_EQ(mnsim->adc_choice(), 6);
  EXPECT_EQ(mnsim->dac_choice(), 1);
  EXPECT_EQ(mnsim->area_calculation(), 0);
  const auto crossnas = LoadCostConfig("crossnas");
  ASSERT_TRUE(crossnas.ok()) << crossnas.status();
  EXPECT_EQ(crossnas->adc_choice(), 2);
  EXPECT_EQ(crossnas->dac_choice(), 2);
  EXPECT_EQ(crossnas->area_calculation(), 1);
  EXPECT_EQ(crossnas->xbar_size(), 256);
}

TEST(CostConfig, UnknownPresetListsNames) {
  const auto c = LoadCostConfig("nope");
  EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(c.status().message().find("mnsim_default"), absl::string_view::npos);
}

TEST(CostConfig, BadFieldsNameTheField) {
  const auto expect_bad = [](CostConfig c, absl::string_view field) {
    const absl::Status s = Validate(c);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_NE(s.message().find(field), absl::string_view::npos) << s;
  };
  CostConfig c;
  ASSERT_TRUE(Validate(c).ok());
  c.set_xbar_size(16);
  expect_bad(c, "xbar_size");
  c = CostConfig();
  c.set_subarray_size(100);
  expect_bad(c, "subarray_size");
  c = CostConfig();
  c.set_adc_choice(0);
  expect_bad(c, "adc_choice");
  c = CostConfig();
  c.set_dac_choice(8);
  expect_bad(c, "dac_choice");
  c = CostConfig();
  c.set_r_hrs_ohm(-1);
  expect_bad(c, "r_hrs_ohm");
  c = CostConfig();
  c.set_tile_grid_size(0);
  expect_bad(c, "tile_grid_size");
  c = CostConfig();
  c.set_digital_clock_mhz(0);
  expect_bad(c, "digital_clock_mhz");
  c = CostConfig();
  c.set_area_calculation(2);
  expect_bad(c, "area_calculation");
}

TEST(CostConfig, Overrides) {
  CostConfig c;
  ASSERT_TRUE(ApplyPimOverrides(64, 2, 2, &c).ok());
  EXPECT_EQ(c.xbar_size(), 64);
  EXPECT_EQ(c.subarray_size(), 64);
  EXPECT_EQ(ApplyPimOverrides(1024, 0, 0, &c).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApplyPimOverrides(0, 10, 0, &c).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::crossbar::cost
