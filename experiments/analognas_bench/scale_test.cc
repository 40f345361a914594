// Tests of the scale presets (scale.h): every preset loads by name and holds
// exactly the settings the code held before they became files (issue 17:
// records and resumed shards must not change); a path loads too; an unknown
// name is NotFound listing the known ones; a bad field is InvalidArgument
// naming it.
#include "experiments/analognas_bench/scale.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace aimc::experiments {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

TEST(ScaleTest, PresetNames) {
  EXPECT_EQ(ScalePresetNames(), (std::vector<std::string>{"paper", "small", "test", "tiny"}));
}

// The values of the former hard-coded ResolveScale (evaluate_cell.cc before
// issue 17); the descriptions are in the provenance of existing benchmarks
// and shard headers (benchmarks/tiny_stratified1000), so they stay byte-equal.
TEST(ScaleTest, PresetsHoldTheFormerSettings) {
  const absl::StatusOr<ScaleSettings> tiny = ResolveScale("tiny");
  ASSERT_TRUE(tiny.ok()) << tiny.status();
  EXPECT_EQ(tiny->name, "tiny");
  EXPECT_EQ(tiny->data, "fashion_mnist");
  EXPECT_EQ(tiny->image_size, 16);
  EXPECT_EQ(tiny->channels, 8);
  EXPECT_EQ(tiny->cells_per_stage, 1);
  EXPECT_EQ(tiny->train_images, 4000);
  EXPECT_EQ(tiny->test_images, 1000);
  EXPECT_EQ(tiny->epochs, 4);
  EXPECT_EQ(tiny->batch_size, 128);
  EXPECT_EQ(tiny->qat_epochs, 1);
  EXPECT_EQ(tiny->hwt_epochs, 2);
  EXPECT_EQ(tiny->repetitions, 5);
  EXPECT_FALSE(tiny->qat_validates_on_test);
  EXPECT_EQ(tiny->description,
            "tiny: C=8 N=1, 4,000 train / 1,000 test images at 16x16, 4 epochs, batch 128, 1 QAT "
            "and 2 HWT epochs, 5 passes (paper: CIFAR-10 32x32 all, C=16 N=5, 200/20/200 epochs, "
            "batch 256, 25 passes)");

  const absl::StatusOr<ScaleSettings> test = ResolveScale("test");
  ASSERT_TRUE(test.ok()) << test.status();
  EXPECT_EQ(test->data, "fashion_mnist");
  EXPECT_EQ(test->image_size, 16);
  EXPECT_EQ(test->channels, 4);
  EXPECT_EQ(test->cells_per_stage, 1);
  EXPECT_EQ(test->train_images, 256);
  EXPECT_EQ(test->test_images, 128);
  EXPECT_EQ(test->epochs, 1);
  EXPECT_EQ(test->batch_size, 64);
  EXPECT_EQ(test->qat_epochs, 1);
  EXPECT_EQ(test->hwt_epochs, 1);
  EXPECT_EQ(test->repetitions, 2);
  EXPECT_FALSE(test->qat_validates_on_test);
  EXPECT_EQ(test->description,
            "test: C=4 N=1, 256 train / 128 test images at 16x16, 1 epoch, batch 64, 1 QAT and 1 "
            "HWT epoch, 2 passes (for tests of the tools; numbers mean nothing)");

  const absl::StatusOr<ScaleSettings> small = ResolveScale("small");
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->data, "fashion_mnist");
  EXPECT_EQ(small->image_size, 32);
  EXPECT_EQ(small->channels, 16);
  EXPECT_EQ(small->cells_per_stage, 2);
  EXPECT_EQ(small->train_images, 20000);
  EXPECT_EQ(small->test_images, 2000);
  EXPECT_EQ(small->epochs, 15);
  EXPECT_EQ(small->batch_size, 256);
  EXPECT_EQ(small->qat_epochs, 3);
  EXPECT_EQ(small->hwt_epochs, 5);
  EXPECT_EQ(small->repetitions, 10);
  EXPECT_FALSE(small->qat_validates_on_test);
  EXPECT_EQ(small->description,
            "small: C=16 N=2, 20,000 train / 2,000 test images at 32x32, 15 epochs, 3 QAT and 5 "
            "HWT epochs, 10 passes (paper: CIFAR-10 all, C=16 N=5, 200/20/200 epochs, 25 passes)");

  const absl::StatusOr<ScaleSettings> paper = ResolveScale("paper");
  ASSERT_TRUE(paper.ok()) << paper.status();
  EXPECT_EQ(paper->data, "cifar10");
  EXPECT_EQ(paper->image_size, 32);
  EXPECT_EQ(paper->channels, 16);
  EXPECT_EQ(paper->cells_per_stage, 5);
  EXPECT_EQ(paper->train_images, 0);
  EXPECT_EQ(paper->test_images, 0);
  EXPECT_EQ(paper->epochs, 200);
  EXPECT_EQ(paper->batch_size, 256);
  EXPECT_EQ(paper->qat_epochs, 20);
  EXPECT_EQ(paper->hwt_epochs, 200);
  EXPECT_EQ(paper->repetitions, 25);
  EXPECT_TRUE(paper->qat_validates_on_test);
  EXPECT_EQ(paper->description,
            "the paper's protocol (nas_spec.md §4): CIFAR-10 32x32, all images");
}

TEST(ScaleTest, LoadsAPathWithThePapersDefaults) {
  const std::string path = TempPath("short.textproto");
  std::ofstream(path) << "data: \"fashion_mnist\"\nepochs: 3\ndescription: \"3 epochs\"\n";
  const absl::StatusOr<ScaleSettings> s = ResolveScale(path);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->name, path);
  EXPECT_EQ(s->epochs, 3);
  EXPECT_EQ(s->hwt_epochs, 200);
  EXPECT_EQ(s->repetitions, 25);
}

TEST(ScaleTest, UnknownNameListsTheKnownOnes) {
  const absl::Status s = ResolveScale("huge").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(s.message(), "paper, small, test, tiny")) << s;
  EXPECT_FALSE(absl::StrContains(s.message(), "--")) << "a library error names no flag: " << s;
  EXPECT_EQ(ResolveScale("/no/such/scale.textproto").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(ScaleTest, BadFieldsAreInvalidArgumentNamingThem) {
  const std::string path = TempPath("bad.textproto");
  std::ofstream(path) << "data: \"fashion_mnist\"\nepochs: 0\ndescription: \"x\"\n";
  const absl::Status s = ResolveScale(path).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "epochs: must be 1..100000, got 0")) << s;
  ScaleConfig c;
  c.set_data("cifar10");
  c.set_description("x");
  EXPECT_TRUE(Validate(c).ok());
  c.set_image_size(24);
  EXPECT_TRUE(absl::StrContains(Validate(c).message(), "image_size")) << Validate(c);
  c.set_image_size(32);
  c.clear_description();
  EXPECT_TRUE(absl::StrContains(Validate(c).message(), "description")) << Validate(c);
}

}  // namespace
}  // namespace aimc::experiments
