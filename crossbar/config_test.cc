// Tests of tile-config loading, validation and the PIM overrides
// (crossbar/config.h; field semantics in tile_config.proto, aimc_model.md §6).
#include "crossbar/config.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

std::string WriteTempFile(const std::string& name, const std::string& contents) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path) << contents;
  return path;
}

TileConfig StandardPcm() {
  absl::StatusOr<TileConfig> config = LoadTileConfig("rasch2023_standard_pcm");
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : TileConfig();
}

// Expects InvalidArgument whose message names `field`.
void ExpectInvalid(const absl::Status& s, const std::string& field) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), field))
      << "message does not name " << field << ": " << s.message();
}

TEST(ConfigTest, PresetNamesAreTheShippedPresets) {
  EXPECT_EQ(TilePresetNames(),
            (std::vector<std::string>{"analognas_bench", "crossnas_pim", "ideal", "rasch2023_reram",
                                      "rasch2023_standard_pcm"}));
}

TEST(ConfigTest, EveryPresetLoadsAndValidates) {
  for (const std::string& name : TilePresetNames()) {
    SCOPED_TRACE(name);
    absl::StatusOr<TileConfig> config = LoadTileConfig(name);
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_TRUE(Validate(*config).ok()) << Validate(*config);
    // aimc_model.md §6 and §8: a learned input range starts at 3.0.
    if (config->input_range().enabled()) {
      EXPECT_EQ(config->input_range().init_value(), 3.0);
    }
  }
}

// The presets' headline numbers (aimc_model.md §6, "Named presets").
TEST(ConfigTest, PresetsCarryThePublishedSettings) {
  const TileConfig pcm = StandardPcm();
  EXPECT_EQ(pcm.forward().inp_bits(), 8);
  EXPECT_EQ(pcm.forward().out_bits(), 8);
  EXPECT_EQ(pcm.forward().out_bound(), 10.0);
  EXPECT_EQ(pcm.forward().out_noise(), 0.04);
  EXPECT_EQ(pcm.forward().w_noise_type(), IoConfig::PCM_READ);
  EXPECT_EQ(pcm.forward().w_noise(), 0.0175);
  EXPECT_EQ(pcm.forward().ir_drop(), 1.0);
  EXPECT_TRUE(pcm.input_range().enabled());
  EXPECT_EQ(pcm.mapping().output_scale(), MappingConfig::COLUMN);
  EXPECT_TRUE(pcm.device().has_pcm());
  EXPECT_EQ(pcm.compensation().method(), device_models::DriftCompensationConfig::GLOBAL);

  const TileConfig bench = *LoadTileConfig("analognas_bench");
  EXPECT_EQ(bench.mapping().output_scale(), MappingConfig::TILE);
  EXPECT_EQ(bench.forward().w_noise(), 0.0);
  EXPECT_EQ(bench.forward().ir_drop(), 0.0);
  EXPECT_EQ(bench.input_range().init_from_data(), 50);
  EXPECT_EQ(bench.input_range().input_min_percentage(), 0.995);

  const TileConfig ideal = *LoadTileConfig("ideal");
  EXPECT_FALSE(ideal.analog_io());
  EXPECT_FALSE(ideal.has_device());
}

TEST(ConfigTest, UnknownPresetIsNotFoundAndListsTheNames) {
  absl::StatusOr<TileConfig> config = LoadTileConfig("no_such_preset");
  ASSERT_EQ(config.status().code(), absl::StatusCode::kNotFound) << config.status();
  const std::string message(config.status().message());
  EXPECT_TRUE(absl::StrContains(message, "no_such_preset")) << message;
  for (const std::string& name : TilePresetNames()) {
    EXPECT_TRUE(absl::StrContains(message, name)) << name << " missing from: " << message;
  }
}

TEST(ConfigTest, NegativeInpBitsNamesTheField) {
  TileConfig config = StandardPcm();
  config.mutable_forward()->set_inp_bits(-1);
  ExpectInvalid(Validate(config), "forward.inp_bits");
}

TEST(ConfigTest, OneBitDacIsRejected) {
  TileConfig config = StandardPcm();
  config.mutable_forward()->set_inp_bits(1);
  ExpectInvalid(Validate(config), "forward.inp_bits");
  config.mutable_forward()->set_inp_bits(2);
  EXPECT_TRUE(Validate(config).ok());
}

TEST(ConfigTest, AdcNeedsAnOutputBound) {
  TileConfig config = StandardPcm();
  config.mutable_forward()->set_out_bound(0);
  config.mutable_forward()->set_out_bits(8);
  ExpectInvalid(Validate(config), "forward.out_bound");
  // Without an ADC, out_bound 0 means "no clipping" and is valid.
  config.mutable_forward()->set_out_bits(0);
  EXPECT_TRUE(Validate(config).ok()) << Validate(config);
}

TEST(ConfigTest, CompressedScaleLevelsAreOneTo256) {
  TileConfig config = StandardPcm();  // COLUMN scales
  config.mutable_mapping()->set_compressed_scale_levels(257);
  ExpectInvalid(Validate(config), "mapping.compressed_scale_levels");
  config.mutable_mapping()->set_compressed_scale_levels(256);
  EXPECT_TRUE(Validate(config).ok());
  // Compressed scales need column scales.
  config.mutable_mapping()->set_output_scale(MappingConfig::TILE);
  ExpectInvalid(Validate(config), "mapping.compressed_scale_levels");
}

TEST(ConfigTest, BadDeviceNamesTheDeviceField) {
  TileConfig config = StandardPcm();
  config.mutable_device()->mutable_pcm()->set_g_max_us(-25);
  ExpectInvalid(Validate(config), "device.pcm.g_max_us");
}

TEST(ConfigTest, OtherFieldErrorsNameTheirPath) {
  {
    TileConfig config = StandardPcm();
    config.mutable_forward()->set_out_noise(-0.1);
    ExpectInvalid(Validate(config), "forward.out_noise");
  }
  {
    TileConfig config = StandardPcm();
    config.mutable_input_range()->set_init_value(0);
    ExpectInvalid(Validate(config), "input_range.init_value");
  }
  {
    TileConfig config = StandardPcm();
    config.mutable_mapping()->set_max_input_size(-1);
    ExpectInvalid(Validate(config), "mapping.max_input_size");
  }
  {
    TileConfig config = StandardPcm();
    config.mutable_forward()->set_out_bits(0);
    config.mutable_forward()->set_out_bound(0);
    config.mutable_forward()->set_bound_management(IoConfig::ITERATIVE);
    ExpectInvalid(Validate(config), "forward.bound_management");
  }
}

TEST(ConfigTest, LoadsAPathAndPrefixesValidationErrorsWithIt) {
  const std::string good = WriteTempFile(
      "good.textproto", "forward { inp_bits: 6 out_bits: 6 }\nmapping { max_input_size: 64 }\n");
  absl::StatusOr<TileConfig> config = LoadTileConfig(good);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->forward().inp_bits(), 6);
  EXPECT_EQ(config->mapping().max_input_size(), 64);

  const std::string bad = WriteTempFile("bad.textproto", "forward { inp_bits: -3 }\n");
  config = LoadTileConfig(bad);
  ExpectInvalid(config.status(), "forward.inp_bits");
  EXPECT_TRUE(absl::StrContains(config.status().message(), bad)) << config.status();
}

TEST(ConfigTest, MalformedTextIsInvalidArgument) {
  const std::string syntax = WriteTempFile("syntax.textproto", "forward { inp_bits: }\n");
  EXPECT_EQ(LoadTileConfig(syntax).status().code(), absl::StatusCode::kInvalidArgument);
  const std::string unknown = WriteTempFile("unknown.textproto", "forward { no_such_field: 1 }\n");
  absl::Status s = LoadTileConfig(unknown).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "no_such_field")) << s;
  const std::string wrong_type =
      WriteTempFile("wrong_type.textproto", "forward { inp_bits: \"eight\" }\n");
  EXPECT_EQ(LoadTileConfig(wrong_type).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConfigTest, MissingFileIsNotFound) {
  EXPECT_EQ(
      LoadTileConfig(absl::StrCat(::testing::TempDir(), "/missing.textproto")).status().code(),
      absl::StatusCode::kNotFound);
}

TEST(ConfigTest, PimOverridesSetTheFields) {
  TileConfig config = *LoadTileConfig("crossnas_pim");
  ASSERT_TRUE(ApplyPimOverrides(256, 6, 4, &config).ok());
  EXPECT_EQ(config.mapping().max_input_size(), 256);
  EXPECT_EQ(config.mapping().max_output_size(), 256);
  EXPECT_EQ(config.forward().out_bits(), 6);
  // A 4-bit DAC streams the 8-bit input in slices; bound management is off.
  EXPECT_EQ(config.forward().inp_bits(), 8);
  EXPECT_EQ(config.forward().dac_bits(), 4);
  EXPECT_EQ(config.forward().bound_management(), IoConfig::BM_NONE);
  // 0 keeps the current values.
  ASSERT_TRUE(ApplyPimOverrides(0, 0, 0, &config).ok());
  EXPECT_EQ(config.mapping().max_input_size(), 256);
  EXPECT_EQ(config.forward().out_bits(), 6);
  EXPECT_EQ(config.forward().dac_bits(), 4);
  // A DAC as wide as the input: one step, no slicing.
  ASSERT_TRUE(ApplyPimOverrides(0, 0, 8, &config).ok());
  EXPECT_EQ(config.forward().dac_bits(), 0);
  EXPECT_EQ(config.forward().inp_bits(), 8);
}

TEST(ConfigTest, PimOverrideRanges) {
  const TileConfig base = *LoadTileConfig("crossnas_pim");
  struct Case {
    int crossbar_size, adc_bits, dac_bits;
    bool ok;
    const char* field;
  };
  const Case cases[] = {
      {32, 0, 0, true, ""},
      {512, 0, 0, true, ""},
      {31, 0, 0, false, "crossbar_size"},
      {513, 0, 0, false, "crossbar_size"},
      {-32, 0, 0, false, "crossbar_size"},
      {0, 4, 0, true, ""},
      {0, 10, 0, true, ""},
      {0, 3, 0, false, "adc_bits"},
      {0, 11, 0, false, "adc_bits"},
      {0, 0, 1, true, ""},
      {0, 0, 2, true, ""},
      {0, 0, 8, true, ""},
      {0, 0, 0, true, ""},
      {0, 0, -1, false, "dac_bits"},
      {0, 0, 9, false, "dac_bits"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat(c.crossbar_size, " ", c.adc_bits, " ", c.dac_bits));
    TileConfig config = base;
    const absl::Status s = ApplyPimOverrides(c.crossbar_size, c.adc_bits, c.dac_bits, &config);
    if (c.ok) {
      EXPECT_TRUE(s.ok()) << s;
    } else {
      ExpectInvalid(s, c.field);
    }
  }
}

}  // namespace
}  // namespace aimc::crossbar
