#include "common/textproto.h"

#include "common/testdata/test_config.pb.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

TEST(TextProtoTest, Parses) {
  testing::TestConfig config;
  ASSERT_TRUE(ParseTextProto("name: 'pcm' g_max_us: 25 bits: 8 bits: 4", "inline", &config).ok());
  EXPECT_EQ(config.name(), "pcm");
  EXPECT_EQ(config.g_max_us(), 25.0);
  EXPECT_EQ(config.bits_size(), 2);
}

TEST(TextProtoTest, ErrorsNameSourceLineAndField) {
  testing::TestConfig config;
  const absl::Status unknown = ParseTextProto("name: 'x'\ng_maks_us: 3", "my.textproto", &config);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("my.textproto"), std::string::npos) << unknown;
  EXPECT_NE(unknown.message().find("line 2"), std::string::npos) << unknown;
  EXPECT_NE(unknown.message().find("g_maks_us"), std::string::npos) << unknown;
  const absl::Status bad_value = ParseTextProto("g_max_us: 'abc'", "inline", &config);
  EXPECT_EQ(bad_value.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadTextProtoFile("/no/such/file.textproto", &config).code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aimc
