#include "common/file.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace aimc {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(FileTest, WriteAtomicallyThenRead) {
  const std::string path = TempPath("file_test.txt");
  ASSERT_TRUE(WriteFileAtomically(path, "first").ok());
  ASSERT_TRUE(WriteFileAtomically(path, std::string("second\0bytes", 12)).ok());
  const auto read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, std::string("second\0bytes", 12));
  EXPECT_TRUE(FileExists(path));
}

TEST(FileTest, MissingFileIsNotFoundAndNamesThePath) {
  const auto read = ReadFile(TempPath("no_such_file"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("no_such_file"), std::string::npos);
  EXPECT_FALSE(WriteFileAtomically(TempPath("no_such_dir/x"), "x").ok());
}

// FNV-1a 64's published test vectors.
TEST(StableHashTest, IsFnv1a64) {
  EXPECT_EQ(StableHash(""), "cbf29ce484222325");
  EXPECT_EQ(StableHash("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(StableHash("foobar"), "85944171f73967e8");
}

}  // namespace
}  // namespace aimc
