#include "common/record_io.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/file.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

const std::vector<std::string> kRecords = {"alpha", std::string(1000, 'x'), "",
                                           std::string("bin\0ary", 7)};

TEST(RecordIoTest, RoundTrip) {
  const std::string path = TempPath("roundtrip.rec");
  ASSERT_TRUE(WriteRecordsAtomically(path, kRecords).ok());
  const auto read = ReadRecords(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, kRecords);
}

TEST(RecordIoTest, EveryTruncationIsDataLossWithOffset) {
  const std::string path = TempPath("truncate.rec");
  ASSERT_TRUE(WriteRecordsAtomically(path, kRecords).ok());
  const std::string image = *ReadFile(path);
  // A cut exactly at a record boundary is a valid shorter file.
  std::vector<size_t> boundaries = {kRecordMagic.size()};
  for (const std::string& r : kRecords) boundaries.push_back(boundaries.back() + 8 + r.size());
  for (size_t len = 0; len < image.size(); ++len) {
    const auto parsed = ParseRecords(image.substr(0, len), "img");
    if (std::find(boundaries.begin(), boundaries.end(), len) != boundaries.end()) {
      EXPECT_TRUE(parsed.ok()) << len;
      continue;
    }
    ASSERT_EQ(parsed.status().code(), absl::StatusCode::kDataLoss) << len;
    EXPECT_NE(parsed.status().message().find("at byte"), std::string::npos);
  }
}

TEST(RecordIoTest, FlippedByteIsDataLoss) {
  const std::string path = TempPath("flip.rec");
  ASSERT_TRUE(WriteRecordsAtomically(path, kRecords).ok());
  std::string image = *ReadFile(path);
  image[kRecordMagic.size() + 8 + 2] ^= 0x20;  // inside record 0's payload
  const auto parsed = ParseRecords(image, "img");
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(parsed.status().message().find("record 0 at byte 8"), std::string::npos)
      << parsed.status();
}

// A kill during a write leaves a torn tail: appending resumes after the last
// whole record and keeps everything before it.
TEST(RecordIoTest, AppendDropsTornTailAndResumes) {
  const std::string path = TempPath("append.rec");
  {
    auto writer = RecordWriter::Create(path);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->Write("one").ok());
    ASSERT_TRUE(writer->Write("two").ok());
    ASSERT_TRUE(writer->Close().ok());
  }
  std::string image = *ReadFile(path);
  ASSERT_TRUE(WriteFileAtomically(path, image.substr(0, image.size() - 2)).ok());
  std::vector<std::string> existing;
  auto writer = RecordWriter::OpenForAppend(path, &existing);
  ASSERT_TRUE(writer.ok()) << writer.status();
  EXPECT_EQ(existing, std::vector<std::string>{"one"});
  ASSERT_TRUE(writer->Write("three").ok());
  ASSERT_TRUE(writer->Close().ok());
  EXPECT_EQ(*ReadRecords(path), (std::vector<std::string>{"one", "three"}));
}

// Reading with recovery returns the whole records before a torn tail and where
// the tail starts, and leaves the file as it was.
TEST(RecordIoTest, RecoveringReadReportsTheTornTail) {
  const std::string path = TempPath("recover.rec");
  ASSERT_TRUE(WriteRecordsAtomically(path, kRecords).ok());
  const std::string image = *ReadFile(path);
  const size_t second_end = kRecordMagic.size() + 2 * 8 + kRecords[0].size() + kRecords[1].size();
  ASSERT_TRUE(WriteFileAtomically(path, image.substr(0, second_end + 5)).ok());
  const auto read = ReadRecordsRecovering(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->records, (std::vector<std::string>{kRecords[0], kRecords[1]}));
  EXPECT_TRUE(read->torn);
  EXPECT_EQ(read->valid_bytes, second_end);
  EXPECT_EQ(read->file_bytes, second_end + 5);
  EXPECT_EQ(ReadFile(path)->size(), second_end + 5);
  ASSERT_TRUE(WriteRecordsAtomically(path, kRecords).ok());
  EXPECT_FALSE(ReadRecordsRecovering(path)->torn);
}

TEST(RecordIoTest, NotARecordFile) {
  const std::string path = TempPath("garbage.rec");
  ASSERT_TRUE(WriteFileAtomically(path, "hello world").ok());
  EXPECT_EQ(ReadRecords(path).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(RecordWriter::OpenForAppend(path, nullptr).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(*ReadFile(path), "hello world");  // nothing overwritten
}

}  // namespace
}  // namespace aimc
