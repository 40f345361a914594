#include "training/data/fashion_mnist.h"

#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

bool HaveDebianFashionMnist() {
  return fs::exists(absl::StrCat(kFashionMnistDebianDir, "/t10k-labels-idx1-ubyte.gz"));
}

#define SKIP_WITHOUT_DEBIAN_PACKAGE()                                                 \
  if (!HaveDebianFashionMnist())                                                      \
  GTEST_SKIP() << kFashionMnistDebianDir << " not found (Debian package "             \
                  "dataset-fashion-mnist): real-data test skipped"

std::string BigEndian(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// IDX image file: `count` images of rows x cols, pixel (n, y, x) = n + y * 10 + x.
std::string IdxImages(uint32_t count, uint32_t rows, uint32_t cols, uint32_t magic = 0x803) {
  std::string s = BigEndian(magic) + BigEndian(count) + BigEndian(rows) + BigEndian(cols);
  for (uint32_t n = 0; n < count; ++n) {
    for (uint32_t i = 0; i < rows * cols; ++i) {
      s.push_back(static_cast<char>(test_util::SyntheticPixel(n, 0, i / cols, i % cols)));
    }
  }
  return s;
}

std::string IdxLabels(const std::vector<uint8_t>& labels, uint32_t magic = 0x801) {
  std::string s = BigEndian(magic) + BigEndian(static_cast<uint32_t>(labels.size()));
  for (const uint8_t l : labels) s.push_back(static_cast<char>(l));
  return s;
}

std::string Gzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = data.size();
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = out.size();
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Writes images and labels as <name>_images(.gz) / <name>_labels(.gz).
std::pair<std::string, std::string> WritePair(absl::string_view name, const std::string& images,
                                              const std::string& labels, bool gzip = true) {
  const std::string suffix = gzip ? ".gz" : "";
  const std::string ip = test_util::TempPath(absl::StrCat(name, "_images", suffix));
  const std::string lp = test_util::TempPath(absl::StrCat(name, "_labels", suffix));
  test_util::WriteBytes(ip, gzip ? Gzip(images) : images);
  test_util::WriteBytes(lp, gzip ? Gzip(labels) : labels);
  return {ip, lp};
}

TEST(FashionMnistRealTest, TrainAndTestSplits) {
  SKIP_WITHOUT_DEBIAN_PACKAGE();
  for (const auto& [split, size] : {std::pair{Split::kTrain, 60000}, {Split::kTest, 10000}}) {
    auto d = LoadFashionMnist(kFashionMnistDebianDir, split);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->size(), size);
    EXPECT_EQ(d->shape(), (ImageShape{1, 28, 28}));
    EXPECT_EQ(d->name(), absl::StrCat("fashion_mnist/", SplitName(split)));
    EXPECT_THAT(d->provenance(), HasSubstr("-images-idx3-ubyte.gz"));
    // Labels are in 0..9 (Dataset::Create checks) and Fashion-MNIST is exactly
    // balanced (Xiao et al. 2017: 6,000 / 1,000 per class).
    for (const int64_t count : d->ClassCounts()) EXPECT_EQ(count, size / 10);
  }
}

TEST(FashionMnistRealTest, PaddedToThreeChannels32) {
  SKIP_WITHOUT_DEBIAN_PACKAGE();
  auto native = LoadFashionMnist(kFashionMnistDebianDir, Split::kTest);
  auto padded = LoadFashionMnist(kFashionMnistDebianDir, Split::kTest,
                                 {.size = FashionMnistOptions::Size::kPad32, .channels = 3});
  ASSERT_TRUE(native.ok() && padded.ok()) << padded.status();
  EXPECT_EQ(padded->shape(), (ImageShape{3, 32, 32}));
  const int64_t n = 9999;
  for (int c = 0; c < 3; ++c) {
    EXPECT_EQ(padded->Pixel(n, c, 0, 0), 0);
    EXPECT_EQ(padded->Pixel(n, c, 31, 1), 0);
    for (int y = 0; y < 28; y += 3) {
      for (int x = 0; x < 28; ++x) {
        ASSERT_EQ(padded->Pixel(n, c, y + 2, x + 2), native->Pixel(n, 0, y, x));
      }
    }
  }
  auto resized = LoadFashionMnist(kFashionMnistDebianDir, Split::kTest,
                                  {.size = FashionMnistOptions::Size::kResize32});
  ASSERT_TRUE(resized.ok()) << resized.status();
  EXPECT_EQ(resized->shape(), (ImageShape{1, 32, 32}));
}

TEST(FashionMnistRealTest, CutCopyIsDataLossNamingFileAndByte) {
  SKIP_WITHOUT_DEBIAN_PACKAGE();
  auto bytes = ReadFile(absl::StrCat(kFashionMnistDebianDir, "/t10k-labels-idx1-ubyte.gz"));
  ASSERT_TRUE(bytes.ok());
  const std::string dir = test_util::TempPath("cut_fashion");
  fs::create_directories(dir);
  fs::copy_file(absl::StrCat(kFashionMnistDebianDir, "/t10k-images-idx3-ubyte.gz"),
                dir + "/t10k-images-idx3-ubyte.gz", fs::copy_options::overwrite_existing);
  test_util::WriteBytes(dir + "/t10k-labels-idx1-ubyte.gz", bytes->substr(0, 3000));
  auto d = LoadFashionMnist(dir, Split::kTest);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(dir + "/t10k-labels-idx1-ubyte.gz"),
                    HasSubstr("truncated at byte 3000"), HasSubstr("inside 10000 labels")));
}

TEST(FashionMnistTest, ReadsGzipAndPlainIdx) {
  for (const bool gzip : {true, false}) {
    const auto [images, labels] =
        WritePair(gzip ? "ok_gz" : "ok_plain", IdxImages(3, 2, 3), IdxLabels({4, 0, 9}), gzip);
    auto d = ReadIdxDataset(images, labels, 10, "tiny");
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->shape(), (ImageShape{1, 2, 3}));
    EXPECT_THAT(d->labels(), ElementsAre(4, 0, 9));
    EXPECT_EQ(d->Pixel(2, 0, 1, 2), test_util::SyntheticPixel(2, 0, 1, 2));
  }
}

TEST(FashionMnistTest, WrongMagicIsInvalidArgument) {
  const auto [images, labels] = WritePair("magic", IdxImages(3, 2, 3, 0x804), IdxLabels({1, 2, 3}));
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(images), HasSubstr("magic number 0x00000804, expected 0x00000803")));
  auto swapped = ReadIdxDataset(labels, images, 10, "x");
  EXPECT_EQ(swapped.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(swapped.status().message(), HasSubstr("swapped"));
}

TEST(FashionMnistTest, CountMismatchIsInvalidArgument) {
  const auto [images, labels] = WritePair("count", IdxImages(3, 2, 3), IdxLabels({1, 2}));
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("has 3 images but"));
}

TEST(FashionMnistTest, LabelOutOfRangeIsInvalidArgument) {
  const auto [images, labels] = WritePair("label", IdxImages(3, 2, 3), IdxLabels({1, 12, 3}));
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), AllOf(HasSubstr(labels), HasSubstr("label 12 of example 1")));
}

TEST(FashionMnistTest, TrailingDataIsInvalidArgument) {
  const auto [images, labels] =
      WritePair("trailing", IdxImages(3, 2, 3) + "xyz", IdxLabels({1, 2, 3}));
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), AllOf(HasSubstr(images), HasSubstr("has data after")));
}

TEST(FashionMnistTest, PayloadShorterThanHeaderIsDataLoss) {
  for (const bool gzip : {true, false}) {
    std::string data = IdxImages(3, 2, 3);
    data.resize(data.size() - 4);
    const auto [images, labels] =
        WritePair(gzip ? "short_gz" : "short_plain", data, IdxLabels({1, 2, 3}), gzip);
    auto d = ReadIdxDataset(images, labels, 10, "x");
    EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss) << d.status();
    EXPECT_THAT(d.status().message(), AllOf(HasSubstr(images), HasSubstr("byte 30")));
  }
}

TEST(FashionMnistTest, HugeHeaderCountIsDataLossBeforeAllocating) {
  const std::string header = IdxImages(0, 4096, 4096).substr(0, 4) + BigEndian(1u << 31) +
                             BigEndian(4096) + BigEndian(4096);
  for (const bool gzip : {true, false}) {
    const auto [images, labels] = WritePair(gzip ? "huge_gz" : "huge_plain", header,
                                            IdxLabels({1}).substr(0, 4) + BigEndian(1u << 31),
                                            gzip);
    auto d = ReadIdxDataset(images, labels, 10, "x");
    EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(d.status().message(),
                AllOf(HasSubstr(images), HasSubstr("2147483648 images of 4096x4096")));
  }
}

TEST(FashionMnistTest, CutGzipIsDataLossAtTheCut) {
  const std::string gz = Gzip(IdxImages(200, 28, 28));
  const auto [images, labels] = WritePair("cut", "", IdxLabels(std::vector<uint8_t>(200, 1)));
  const int64_t cut = static_cast<int64_t>(gz.size()) / 2;
  test_util::WriteBytes(images, gz.substr(0, cut));
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr(images), HasSubstr(absl::StrCat("truncated at byte ", cut))));
  // Only the 8-byte trailer (CRC-32, length) missing.
  test_util::WriteBytes(images, gz.substr(0, gz.size() - 8));
  d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(), HasSubstr("trailer"));
}

TEST(FashionMnistTest, CorruptGzipIsDataLoss) {
  std::string gz = Gzip(IdxImages(50, 28, 28));
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32
  const auto [images, labels] = WritePair("corrupt", "", IdxLabels(std::vector<uint8_t>(50, 1)));
  test_util::WriteBytes(images, gz);
  auto d = ReadIdxDataset(images, labels, 10, "x");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(d.status().message(), AllOf(HasSubstr(images), HasSubstr("corrupt")));
}

TEST(FashionMnistTest, MissingIsNotFoundWithHint) {
  auto d = LoadFashionMnist("/nonexistent/fashion", Split::kTrain);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(d.status().message(),
              AllOf(HasSubstr("'/nonexistent/fashion'"), HasSubstr("train-images-idx3-ubyte.gz"),
                    HasSubstr("dataset-fashion-mnist"), ::testing::Not(HasSubstr("--"))));
}

TEST(FashionMnistTest, BadChannelsIsInvalidArgument) {
  auto d = LoadFashionMnist(kFashionMnistDebianDir, Split::kTest, {.channels = 2});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training
