#include "training/data/cifar10.h"

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/testing/shared_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// ../shared/data/cifar10_subset, or "" (the caller skips).
std::string SubsetDir() {
  auto file = ::aimc::test_util::FindSharedDataFile("cifar10_subset/test.bin");
  return file.ok() ? fs::path(*file).parent_path().string() : "";
}

#define SKIP_WITHOUT_SUBSET(dir)                                                       \
  if ((dir).empty()) GTEST_SKIP() << "../shared/data/cifar10_subset not found: "       \
                                     "real-data test skipped (set AIMC_SHARED_DATA)"

// One synthetic record: label byte, then 3,072 copies of `pixel`.
std::string Record(uint8_t label, uint8_t pixel = 9) {
  return std::string(1, static_cast<char>(label)) + std::string(3072, static_cast<char>(pixel));
}

std::string NewDir(absl::string_view name) {
  const std::string dir = test_util::TempPath(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Cifar10SubsetTest, TrainHas4660BalancedRecords) {
  const std::string dir = SubsetDir();
  SKIP_WITHOUT_SUBSET(dir);
  auto train = LoadCifar10(dir, Split::kTrain);
  ASSERT_TRUE(train.ok()) << train.status();
  EXPECT_EQ(train->size(), 4660);
  EXPECT_EQ(train->name(), "cifar10-subset/train");
  EXPECT_THAT(train->provenance(), AllOf(HasSubstr("train.bin"), HasSubstr("4660 records"),
                                        HasSubstr("results on it must say so")));
  EXPECT_EQ(train->shape(), (ImageShape{3, 32, 32}));
  EXPECT_EQ(train->num_classes(), 10);
  // Roughly balanced: a uniform draw of 4,660 gives 466 +- 20.5 per class;
  // within 4 sd. (Counted independently with Python: 435..489.)
  for (const int64_t count : train->ClassCounts()) {
    EXPECT_GE(count, 466 - 82);
    EXPECT_LE(count, 466 + 82);
  }
}

TEST(Cifar10SubsetTest, TestHas932RecordsWithKnownFirstLabels) {
  const std::string dir = SubsetDir();
  SKIP_WITHOUT_SUBSET(dir);
  auto test = LoadCifar10(dir, Split::kTest);
  ASSERT_TRUE(test.ok()) << test.status();
  ASSERT_EQ(test->size(), 932);
  EXPECT_EQ(test->name(), "cifar10-subset/test");
  // shared/data/README.md.
  const std::vector<uint8_t> first = {3, 8, 8, 0, 6, 6, 1, 6, 3, 1, 0, 9, 5, 7, 9, 8};
  EXPECT_THAT(test->labels().subspan(0, 16), ElementsAreArray(first));
  // The file's class counts, counted independently with Python.
  EXPECT_THAT(test->ClassCounts(), ElementsAreArray({97, 78, 94, 95, 85, 84, 105, 96, 98, 100}));
  // Pixels are the record's bytes 1..3072 (R, G, B planes of rows).
  auto bytes = ReadFile(dir + "/test.bin");
  ASSERT_TRUE(bytes.ok());
  const int64_t r = 931;
  for (int i = 0; i < 3072; i += 97) {
    EXPECT_EQ(test->uint8_pixels()[r * 3072 + i],
              static_cast<uint8_t>((*bytes)[r * kCifar10RecordBytes + 1 + i]));
  }
  EXPECT_EQ(test->Pixel(r, 2, 31, 31),
            static_cast<uint8_t>((*bytes)[(r + 1) * kCifar10RecordBytes - 1]));
}

TEST(Cifar10Test, CutCopyIsDataLossNamingFileAndByte) {
  const std::string dir = SubsetDir();
  SKIP_WITHOUT_SUBSET(dir);
  auto bytes = ReadFile(dir + "/test.bin");
  ASSERT_TRUE(bytes.ok());
  const std::string cut_dir = NewDir("cut_cifar");
  const int64_t cut = 5 * kCifar10RecordBytes + 1000;
  test_util::WriteBytes(cut_dir + "/test.bin", bytes->substr(0, cut));
  auto test = LoadCifar10(cut_dir, Split::kTest);
  EXPECT_EQ(test.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(test.status().message(),
              AllOf(HasSubstr(cut_dir + "/test.bin"), HasSubstr("truncated at byte 16365"),
                    HasSubstr("record 5 (from byte 15365) has 1000 of 3073 bytes")));
}

TEST(Cifar10Test, ShortFullBatchIsDataLoss) {
  const std::string path = test_util::TempPath("data_batch_short.bin");
  test_util::WriteBytes(path, Record(1) + Record(2) + Record(3));
  auto d = ReadCifar10Files({path}, kCifar10RecordsPerBatch, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(path), HasSubstr("has 3 records (9219 bytes), expected 10000"),
                    HasSubstr("truncated at byte 9219")));
}

TEST(Cifar10Test, LongFullBatchIsInvalidArgument) {
  const std::string path = test_util::TempPath("data_batch_long.bin");
  test_util::WriteBytes(path, Record(1) + Record(2) + Record(3));
  auto d = ReadCifar10Files({path}, 2, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("has 3 records (9219 bytes), expected 2"));
}

TEST(Cifar10Test, EmptyFileIsDataLoss) {
  const std::string path = test_util::TempPath("empty.bin");
  test_util::WriteBytes(path, "");
  auto d = ReadCifar10Files({path}, 0, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(), AllOf(HasSubstr(path), HasSubstr("empty")));
}

TEST(Cifar10Test, BadLabelByteIsInvalidArgument) {
  const std::string path = test_util::TempPath("bad_label.bin");
  test_util::WriteBytes(path, Record(1) + Record(200));
  auto d = ReadCifar10Files({path}, 0, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(path), HasSubstr("record 1 (byte 3073) has label byte 200")));
}

TEST(Cifar10Test, OtherFileKindIsInvalidArgument) {
  const std::string path = test_util::TempPath("not_cifar.bin");
  test_util::WriteBytes(path, "\x89PNG\r\n\x1a\n");
  auto d = ReadCifar10Files({path}, 0, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("is not CIFAR-10 binary"));
}

TEST(Cifar10Test, Cifar100RecordsAreInvalidArgument) {
  const std::string path = test_util::TempPath("cifar100.bin");
  // Two 3,074-byte records (coarse, fine label, pixels) whose bytes at 0 and
  // 3073 happen to be valid CIFAR-10 labels.
  test_util::WriteBytes(path, std::string(1, 3) + std::string(1, 40) + std::string(3072, 0) +
                                  std::string(1, 4) + std::string(1, 41) + std::string(3072, 0));
  auto d = ReadCifar10Files({path}, 0, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("CIFAR-100"));
}

TEST(Cifar10Test, ReadsRecordsOfSeveralFilesInOrder) {
  const std::string a = test_util::TempPath("a.bin"), b = test_util::TempPath("b.bin");
  test_util::WriteBytes(a, Record(4, 10) + Record(5, 11));
  test_util::WriteBytes(b, Record(6, 12));
  auto d = ReadCifar10Files({a, b}, 0, "two");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_THAT(d->labels(), ElementsAreArray({4, 5, 6}));
  EXPECT_EQ(d->Pixel(2, 1, 5, 5), 12);
  EXPECT_THAT(d->provenance(), AllOf(HasSubstr(a), HasSubstr(b), HasSubstr("3 records")));
}

TEST(Cifar10Test, MissingDirectoryIsNotFoundWithHint) {
  auto d = LoadCifar10("/nonexistent/cifar", Split::kTrain);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr("CIFAR-10 not found in '/nonexistent/cifar'"),
                    HasSubstr("data_batch_1.bin ... data_batch_5.bin and test_batch.bin"),
                    HasSubstr("train.bin and test.bin"), ::testing::Not(HasSubstr("--"))));
}

TEST(Cifar10Test, PartialFullDatasetNamesMissingFiles) {
  const std::string dir = NewDir("partial_cifar");
  test_util::WriteBytes(dir + "/data_batch_1.bin", Record(1));
  test_util::WriteBytes(dir + "/data_batch_3.bin", Record(1));
  auto d = LoadCifar10(dir, Split::kTrain);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr("incomplete"), HasSubstr("data_batch_2.bin"),
                    HasSubstr("data_batch_5.bin"), ::testing::Not(HasSubstr("data_batch_3.bin,"))));
}

TEST(Cifar10Test, FullDatasetFilesMustHold10000Records) {
  const std::string dir = NewDir("short_full_cifar");
  for (int i = 1; i <= 5; ++i) {
    test_util::WriteBytes(absl::StrCat(dir, "/data_batch_", i, ".bin"), Record(1));
  }
  auto d = LoadCifar10(dir, Split::kTrain);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(dir + "/data_batch_1.bin"),
                    HasSubstr("has 1 records (3073 bytes), expected 10000 (30730000 bytes)")));
}

TEST(Cifar10Test, FindsTheTarballsDirectory) {
  const std::string dir = NewDir("tarball_cifar");
  fs::create_directories(dir + "/cifar-10-batches-bin");
  test_util::WriteBytes(dir + "/cifar-10-batches-bin/test.bin", Record(7) + Record(8));
  auto d = LoadCifar10(dir, Split::kTest);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->size(), 2);
}

}  // namespace
}  // namespace aimc::training
