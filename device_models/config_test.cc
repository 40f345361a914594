// Device-model configs: presets, validation errors that name the field, and
// loading by path.
#include "device_models/config.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "device_models/device_config.pb.h"
#include "device_models/device_model.h"
#include "gtest/gtest.h"

namespace aimc::device_models {
namespace {

bool Contains(absl::string_view haystack, absl::string_view needle) {
  return haystack.find(needle) != absl::string_view::npos;
}

// Expects InvalidArgument whose message contains every one of `parts`.
void ExpectInvalid(const absl::Status& s, const std::vector<std::string>& parts) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  for (const std::string& p : parts) EXPECT_TRUE(Contains(s.message(), p)) << p << " in " << s;
}

std::string TempPath(absl::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

void WriteFile(const std::string& path, absl::string_view text) {
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr) << path;
  ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
  ASSERT_EQ(std::fclose(f), 0);
}

TEST(ConfigTest, EveryPresetLoadsValidatesAndCreatesAModel) {
  const std::vector<std::string> names = DeviceModelPresetNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* required : {"aihwkit_reram_wan2022", "constant_noise", "rasch2023_pcm",
                               "rasch2023_pcm_reference_drift", "rasch2023_reram"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    const absl::StatusOr<DeviceModelConfig> config = LoadDeviceModelConfig(name);
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_TRUE(Validate(*config).ok());
    const absl::StatusOr<DeviceModel> model = CreateDeviceModel(*config);
    ASSERT_TRUE(model.ok()) << model.status();
  }
}

// The presets hold the published values (aimc_model.md §2-4, §7).
TEST(ConfigTest, PresetValues) {
  const DeviceModelConfig pcm = LoadDeviceModelConfig("rasch2023_pcm").value();
  ASSERT_TRUE(pcm.has_pcm());
  EXPECT_EQ(pcm.pcm().g_max_us(), 25);
  EXPECT_EQ(pcm.pcm().t0_s(), 20);
  EXPECT_EQ(pcm.pcm().t_read_s(), 250e-9);
  EXPECT_EQ(pcm.pcm().drift_mode(), DRIFT_MODE_PAIR);
  ASSERT_EQ(pcm.pcm().prog_coeffs_us_size(), 3);
  EXPECT_EQ(pcm.pcm().prog_coeffs_us(0), 0.26348);
  EXPECT_EQ(pcm.pcm().prog_coeffs_us(1), 1.9650);
  EXPECT_EQ(pcm.pcm().prog_coeffs_us(2), -1.1731);
  // The proto defaults are the published values too.
  const PcmConfig defaults;
  EXPECT_EQ(defaults.g_max_us(), 25);
  EXPECT_EQ(defaults.prog_scale(), 1);
  EXPECT_EQ(defaults.drift_scale(), 1);
  EXPECT_EQ(defaults.read_scale(), 1);
  EXPECT_EQ(defaults.t0_s(), 20);
  EXPECT_EQ(defaults.t_read_s(), 250e-9);

  EXPECT_EQ(LoadDeviceModelConfig("rasch2023_pcm_reference_drift")->pcm().drift_mode(),
            DRIFT_MODE_REFERENCE);
  const DeviceModelConfig reram = LoadDeviceModelConfig("rasch2023_reram").value();
  ASSERT_TRUE(reram.has_reram());
  EXPECT_EQ(reram.reram().g_max_us(), 40);
  ASSERT_EQ(reram.reram().fits_size(), 2);
  EXPECT_EQ(reram.reram().fits(1).time_s(), 86400);
  EXPECT_EQ(reram.reram().fits(1).coeffs_us(2), -50.773);  // the full value, not -50.7
  EXPECT_EQ(reram.reram().fits(1).coeffs_us(3), 47.095);
  const DeviceModelConfig aihwkit = LoadDeviceModelConfig("aihwkit_reram_wan2022").value();
  EXPECT_EQ(aihwkit.reram().g_max_us(), 25);
  EXPECT_EQ(aihwkit.reram().fits_size(), 3);
  EXPECT_TRUE(aihwkit.reram().redraw_each_read());
  EXPECT_TRUE(LoadDeviceModelConfig("constant_noise")->has_constant());
}

TEST(ConfigTest, UnknownPresetIsNotFoundListingKnownNames) {
  const absl::Status s = LoadDeviceModelConfig("rasch2023_pcn").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
  EXPECT_TRUE(Contains(s.message(), "rasch2023_pcn")) << s;
  for (const std::string& name : DeviceModelPresetNames()) {
    EXPECT_TRUE(Contains(s.message(), name)) << name << " in " << s;
  }
}

TEST(ConfigTest, InvalidValuesNameTheField) {
  ExpectInvalid(ParseDeviceModelConfig("pcm { g_max_us: -1 }", "test").status(),
                {"test", "pcm.g_max_us", "-1"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { t0_s: 0 }", "test").status(), {"pcm.t0_s", "0"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { t0_s: -20 }", "test").status(), {"pcm.t0_s"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { t_read_s: 0 }", "test").status(), {"pcm.t_read_s"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { prog_scale: -1 }", "test").status(),
                {"pcm.prog_scale"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { drift_scale: -0.5 }", "test").status(),
                {"pcm.drift_scale"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { read_scale: inf }", "test").status(),
                {"pcm.read_scale"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { g_max_us: nan }", "test").status(), {"pcm.g_max_us"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { prog_coeffs_us: [0.1, inf] }", "test").status(),
                {"pcm.prog_coeffs_us[1]"});
  ExpectInvalid(ParseDeviceModelConfig("constant { prog_std_us: -1 }", "test").status(),
                {"constant.prog_std_us"});
  ExpectInvalid(ParseDeviceModelConfig("constant { g_max_us: 0 }", "test").status(),
                {"constant.g_max_us"});
  ExpectInvalid(ParseDeviceModelConfig(
                    "reram { fits { time_s: 1 coeffs_us: 1 } read_noise_rel: -0.01 }", "test")
                    .status(),
                {"reram.read_noise_rel"});
  // Validate itself names the field without a source.
  PcmConfig bad;
  bad.set_g_max_us(-1);
  ExpectInvalid(Validate(bad), {"pcm.g_max_us: must be > 0"});
}

TEST(ConfigTest, MissingModelNamesModel) {
  ExpectInvalid(ParseDeviceModelConfig("", "empty.textproto").status(),
                {"empty.textproto", "model"});
  ExpectInvalid(Validate(DeviceModelConfig()), {"model"});
}

TEST(ConfigTest, ReramFitsMustBeSortedAndNonEmpty) {
  ExpectInvalid(ParseDeviceModelConfig("reram { fits { time_s: 86400 coeffs_us: [1, 2] } "
                                       "fits { time_s: 1 coeffs_us: [1, 2] } }",
                                       "test")
                    .status(),
                {"reram.fits[1].time_s", "86400"});
  ExpectInvalid(ParseDeviceModelConfig("reram { fits { time_s: 1 coeffs_us: 1 } "
                                       "fits { time_s: 1 coeffs_us: 1 } }",
                                       "test")
                    .status(),
                {"reram.fits[1].time_s"});
  ExpectInvalid(ParseDeviceModelConfig("reram { g_max_us: 40 }", "test").status(), {"reram.fits"});
  ExpectInvalid(ParseDeviceModelConfig("reram { fits { time_s: 1 } }", "test").status(),
                {"reram.fits[0].coeffs_us"});
  ExpectInvalid(
      ParseDeviceModelConfig("reram { fits { time_s: 0 coeffs_us: 1 } }", "test").status(),
      {"reram.fits[0].time_s"});
}

TEST(ConfigTest, MalformedTextNamesSourceAndLine) {
  ExpectInvalid(
      ParseDeviceModelConfig("pcm {\n  g_max_us: 25\n  t0_s: abc\n}\n", "my.textproto").status(),
      {"my.textproto", "line 3"});
  ExpectInvalid(ParseDeviceModelConfig("pcm { g_max_us: 25", "unterminated").status(),
                {"unterminated", "line 1"});
}

TEST(ConfigTest, UnknownFieldIsNamed) {
  ExpectInvalid(ParseDeviceModelConfig("pcm { g_maks_us: 3 }", "typo").status(),
                {"typo", "g_maks_us"});
  ExpectInvalid(ParseDeviceModelConfig("pcn { g_max_us: 3 }", "typo").status(), {"pcn"});
}

TEST(ConfigTest, LoadsByPath) {
  const std::string path = TempPath("custom_device.textproto");
  WriteFile(path,
            "# a custom model\nconstant { g_max_us: 10 prog_std_us: 0.5 read_std_us: 0.1 }\n");
  const absl::StatusOr<DeviceModelConfig> config = LoadDeviceModelConfig(path);
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_TRUE(config->has_constant());
  EXPECT_EQ(config->constant().g_max_us(), 10);
  EXPECT_EQ(config->constant().prog_std_us(), 0.5);
  EXPECT_EQ(config->constant().read_std_us(), 0.1);

  // A copy of a preset by path gives the preset.
  const std::string copy = TempPath("copy.textproto");
  WriteFile(copy, "reram { g_max_us: 40 fits { time_s: 1 coeffs_us: [0.348, 16.030] } }");
  EXPECT_EQ(LoadDeviceModelConfig(copy)->reram().fits(0).coeffs_us(1), 16.030);

  // Errors name the path: an invalid value, malformed text, a missing file.
  const std::string bad = TempPath("bad.textproto");
  WriteFile(bad, "pcm {\n  g_max_us: -3\n}\n");
  ExpectInvalid(LoadDeviceModelConfig(bad).status(), {bad, "pcm.g_max_us", "-3"});
  WriteFile(bad, "pcm {\n  g_max_us: 3\n  t0_s: abc\n}\n");
  ExpectInvalid(LoadDeviceModelConfig(bad).status(), {bad, "line 3"});
  // An unknown enum value is named with its field. (Protobuf reports it at the
  // token after the value, here line 4: the line is not checked.)
  WriteFile(bad, "pcm {\n  g_max_us: 3\n  drift_mode: SIDEWAYS\n}\n");
  ExpectInvalid(LoadDeviceModelConfig(bad).status(), {bad, "SIDEWAYS", "drift_mode"});
  const absl::Status missing = LoadDeviceModelConfig(TempPath("missing.textproto")).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  EXPECT_TRUE(Contains(missing.message(), "missing.textproto")) << missing;
}

TEST(ConfigTest, DriftCompensationConfigValidates) {
  DriftCompensationConfig c;
  EXPECT_EQ(c.method(), DriftCompensationConfig::GLOBAL);  // the reference default
  EXPECT_TRUE(Validate(c).ok());
  c.set_method(DriftCompensationConfig::EXACT);
  EXPECT_TRUE(Validate(c).ok());
}

}  // namespace
}  // namespace aimc::device_models
