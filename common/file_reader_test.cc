#include "common/file_reader.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/file.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

std::string Temp(const char* name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

TEST(FileReaderTest, ReadsInPiecesUntilTheEnd) {
  const std::string path = Temp("reader.bin");
  ASSERT_TRUE(WriteFileAtomically(path, "abcdefg").ok());
  auto reader = FileReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->size(), 7u);
  std::vector<uint8_t> buffer(5);
  EXPECT_EQ(*reader->Read(absl::MakeSpan(buffer)), 5u);
  EXPECT_EQ(buffer[4], 'e');
  FileReader moved = *std::move(reader);
  EXPECT_EQ(*moved.Read(absl::MakeSpan(buffer)), 2u);
  EXPECT_EQ(buffer[1], 'g');
  EXPECT_EQ(*moved.Read(absl::MakeSpan(buffer)), 0u);
  EXPECT_EQ(moved.position(), 7u);
}

TEST(FileReaderTest, MissingFileIsNotFoundWithPath) {
  auto reader = FileReader::Open("/nonexistent/x.bin");
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("/nonexistent/x.bin"), absl::string_view::npos);
}

TEST(FileReaderTest, DirectoryIsAnError) {
  auto reader = FileReader::Open(std::getenv("TEST_TMPDIR") ? std::getenv("TEST_TMPDIR") : "/tmp");
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc
