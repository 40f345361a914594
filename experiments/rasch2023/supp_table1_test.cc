#include "experiments/rasch2023/supp_table1.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "crossbar/config.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::experiments::rasch2023 {
namespace {

crossbar::TileConfig Standard() {
  absl::StatusOr<crossbar::TileConfig> c = crossbar::LoadTileConfig("rasch2023_standard_pcm");
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

const Table1Row* FindRow(const SuppTable1Result& r, const std::string& field) {
  for (const Table1Row& row : r.rows) {
    if (row.spec.field == field) return &row;
  }
  return nullptr;
}

TEST(SuppTable1Test, StandardPresetMatchesEveryField) {
  absl::StatusOr<SuppTable1Result> r = CheckSuppTable1(Standard(), "rasch2023_standard_pcm");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), SuppTable1Fields().size());
  for (const Table1Row& row : r->rows) EXPECT_TRUE(row.match) << row.spec.field << " " << row.ours;
  ASSERT_EQ(r->checks.size(), 1u);
  EXPECT_EQ(r->checks[0].id, "T1");
  EXPECT_TRUE(r->checks[0].pass) << r->checks[0].measured;
  EXPECT_EQ(FindRow(*r, "forward.ir_drop_g_ratio")->ours, "571428.57");
  EXPECT_EQ(FindRow(*r, "forward.w_noise_type")->ours, "PCM_READ");
  EXPECT_EQ(FindRow(*r, "device.pcm.prog_coeffs_us")->ours, "0.26348,1.965,-1.1731");
}

// Each altered field must turn T1 into FAIL and name the field.
TEST(SuppTable1Test, AlteredFieldFails) {
  using crossbar::TileConfig;
  struct Case {
    std::string field;
    void (*alter)(TileConfig*);
  };
  const Case cases[] = {
      {"forward.out_noise", [](TileConfig* c) { c->mutable_forward()->set_out_noise(0.05); }},
      {"forward.out_bits", [](TileConfig* c) { c->mutable_forward()->set_out_bits(9); }},
      {"mapping.output_scale",
       [](TileConfig* c) {
         c->mutable_mapping()->set_output_scale(crossbar::MappingConfig::TILE);
       }},
      {"mapping.max_output_size",
       [](TileConfig* c) { c->mutable_mapping()->set_max_output_size(0); }},
      {"input_range.enabled",
       [](TileConfig* c) { c->mutable_input_range()->set_enabled(false); }},
      {"device.pcm.prog_coeffs_us",
       [](TileConfig* c) { c->mutable_device()->mutable_pcm()->set_prog_coeffs_us(1, 1.9651); }},
      {"compensation.method",
       [](TileConfig* c) {
         c->mutable_compensation()->set_method(device_models::DriftCompensationConfig::NONE);
       }},
  };
  for (const Case& k : cases) {
    crossbar::TileConfig config = Standard();
    k.alter(&config);
    absl::StatusOr<SuppTable1Result> r = CheckSuppTable1(config, "altered");
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_FALSE(r->checks[0].pass) << k.field;
    EXPECT_TRUE(absl::StrContains(r->checks[0].measured, k.field)) << r->checks[0].measured;
    EXPECT_FALSE(FindRow(*r, k.field)->match) << k.field;
    EXPECT_TRUE(absl::StrContains(FormatSuppTable1Text(*r), "CHECK T1 FAIL"));
  }
}

// A ReRAM device must not read as PCM defaults.
TEST(SuppTable1Test, ReramPresetFailsWithAbsentPcmFields) {
  absl::StatusOr<crossbar::TileConfig> c = crossbar::LoadTileConfig("rasch2023_reram");
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<SuppTable1Result> r = CheckSuppTable1(*c, "rasch2023_reram");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->checks[0].pass);
  EXPECT_EQ(FindRow(*r, "device.pcm.g_max_us")->ours, "(absent)");
}

TEST(SuppTable1Test, FieldTextErrors) {
  const crossbar::TileConfig c = Standard();
  EXPECT_EQ(FieldText(c, "forward.nope").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldText(c, "forward").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldText(c, "analog_io.x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*FieldText(c, "analog_io"), "true");
  // Unset proto2 scalars give their default.
  EXPECT_EQ(*FieldText(c, "forward.max_bm_factor"), "1000");
  // An unset message on the path reads as absent, not as its defaults.
  crossbar::TileConfig empty;
  EXPECT_EQ(*FieldText(empty, "forward.max_bm_factor"), "(absent)");
}

TEST(SuppTable1Test, ValuesMatch) {
  EXPECT_TRUE(ValuesMatch("1.0", "1"));
  EXPECT_TRUE(ValuesMatch("250e-9", "2.5e-07"));
  EXPECT_TRUE(ValuesMatch("0.26348,1.9650,-1.1731", "0.26348,1.965,-1.1731"));
  EXPECT_FALSE(ValuesMatch("0.26348,1.9650,-1.1731", "0.26348,1.965"));
  EXPECT_FALSE(ValuesMatch("0.04", "0.0400001"));
  EXPECT_FALSE(ValuesMatch("COLUMN", "TILE"));
  EXPECT_FALSE(ValuesMatch("8", ""));
}

TEST(SuppTable1Test, ReportsEndWithTheCheck) {
  absl::StatusOr<SuppTable1Result> r = CheckSuppTable1(Standard(), "rasch2023_standard_pcm");
  ASSERT_TRUE(r.ok());
  const std::string text = FormatSuppTable1Text(*r);
  EXPECT_TRUE(absl::StartsWith(text, "Rasch et al. 2023 Supp. Table 1"));
  EXPECT_TRUE(absl::StrContains(text, "\nchoice: "));
  EXPECT_TRUE(absl::StrContains(text, "max_output_size"));
  EXPECT_TRUE(absl::StrContains(text, "NM CONSTANT"));
  EXPECT_TRUE(absl::EndsWith(text, "CHECK T1 PASS 32/32 fields match (every field of the preset "
                                   "equals Supp. Table 1)\n"))
      << text;
  const std::string csv = FormatSuppTable1Csv(*r);
  EXPECT_TRUE(absl::StartsWith(
      csv, "target,model,dataset,row,column,quantity,paper,ours,sd,instances,note\n"
           "supp_table1_check,rasch2023_standard_pcm,,choice_1,,choice,"));
  EXPECT_TRUE(absl::StrContains(
      csv, "supp_table1_check,rasch2023_standard_pcm,,forward.out_noise,value,output noise (std),"
           "0.04,0.04,,1,match; B.1\n"));
  EXPECT_TRUE(absl::StrContains(csv, "\"0.26348,1.9650,-1.1731\""));
  EXPECT_TRUE(absl::EndsWith(csv, ",T1,,check,,PASS,,,32/32 fields match (every field of the "
                                  "preset equals Supp. Table 1)\n"))
      << csv;
}

TEST(SuppTable1Test, ValidateFormat) {
  EXPECT_TRUE(ValidateFormat("text").ok());
  EXPECT_TRUE(ValidateFormat("csv").ok());
  const absl::Status s = ValidateFormat("json");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "json")) << s;
}

}  // namespace
}  // namespace aimc::experiments::rasch2023
