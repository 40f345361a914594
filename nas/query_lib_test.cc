#include "nas/query_lib.h"

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/benchmark_store.h"
#include "nas/testing/synthetic_benchmark.h"

namespace aimc::nas {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The synthetic values of nas/testing/synthetic_benchmark.h at lexicographic
// index 7563 (baseline 80 + 63/100, NB201 index 7919·7563 mod 15625 = 772);
// the graph facts and 1,073,466 parameters are nas_spec.md §1.5-1.7's.
constexpr absl::string_view kBestCellReport = R"(architecture
  arch                   |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|
  tuple                  (2,2,0,2,2,3)
  index                  7563 (lexicographic)
  nb201_index            772
graph
  disconnected           no
  pruned                 yes (no dead branch)
  isomorphism_key        (((0)@nor_conv_3x3)@nor_conv_3x3+(0)@nor_conv_3x3)@nor_conv_1x1+((0)@nor_conv_3x3)@nor_conv_3x3+0
  params_formula         1073466 (nas_spec.md 1.5, C=16 N=5 K=10: 73306 + 243040 n3 + 28000 n1, n3=4 n1=1)
metrics (accuracy %; drift mean ± std; params, flops counts)
  baseline_accuracy      80.63
  ptq_accuracy           80.13
  qat_accuracy           80.38
  noisy_accuracy         72.63
  analog_accuracy        78.63
  noisy_drift_60         69.63 ± 0.125
  noisy_drift_3600       66.63 ± 0.25
  noisy_drift_86400      63.63 ± 0.375
  noisy_drift_2592000    60.63 ± 0.5
  analog_drift_60        78.13 ± 0.0625
  analog_drift_3600      77.63 ± 0.125
  analog_drift_86400     77.13 ± 0.1875
  analog_drift_2592000   76.63 ± 0.25
  params                 1073466
  flops                  7563007
  avm                    1.5  (derived)
  avm_1d                 0.5  (derived)
benchmark
  records                15625
  dataset                synthetic
  scale                  test
  seeds                  42,43
  simulator_preset       analognas_bench
  date                   2025-01-01T00:00:00Z
  code_version           test
  source                 nas/testing/synthetic_benchmark.cc
)";

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

TEST(QueryLibTest, DescribesAKnownCell) {
  const BenchmarkStore store = test_util::SyntheticStore();
  const absl::StatusOr<std::string> text = DescribeArch(store, "(2,2,0,2,2,3)");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text, kBestCellReport);
  EXPECT_EQ(*DescribeArch(store, "7563"), kBestCellReport);
  EXPECT_EQ(*DescribeArch(store, "nb201:772"), kBestCellReport);
}

TEST(QueryLibTest, OmitsMissingValuesAndShowsGraphFacts) {
  const BenchmarkStore store = test_util::SyntheticStore(200);
  // Lexicographic index 97 (0,0,0,3,4,2): no ptq value in the synthetic data.
  const std::string text = *DescribeArch(store, "97");
  EXPECT_THAT(text, Not(HasSubstr("ptq_accuracy")));
  EXPECT_THAT(text, HasSubstr("qat_accuracy"));
  const std::string disconnected = *DescribeArch(store, "(0,0,1,0,1,1)");
  EXPECT_THAT(disconnected, HasSubstr("disconnected           yes"));
  EXPECT_THAT(disconnected, HasSubstr("pruned                 no (pruned form (1,1,1,1,1,1))"));
}

TEST(QueryLibTest, PrintsOneMetric) {
  const BenchmarkStore store = test_util::SyntheticStore();
  EXPECT_EQ(*QueryMetric(store, "(2,2,0,2,2,3)", "baseline_accuracy"), "80.63\n");
  EXPECT_EQ(*QueryMetric(store, "(2,2,0,2,2,3)", "analog_drift_86400_std"), "0.1875\n");
  EXPECT_EQ(*QueryMetric(store, "(2,2,0,2,2,3)", "params"), "1073466\n");
  EXPECT_EQ(QueryMetric(store, "(2,2,0,2,2,3)", "accuracy").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryMetric(store, "0", "ptq_accuracy").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(QueryMetric(store, "(2,2,0,2,2)", "params").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(QueryLibTest, RunsOnAFile) {
  const std::string path = TempPath("query.bench");
  ASSERT_TRUE(test_util::SyntheticStore(10).Save(path).ok());
  QueryOptions options{.benchmark_path = path, .arch = "(0,0,0,0,1,4)", .metric = "flops"};
  EXPECT_EQ(*RunQuery(options), "9007\n");
  options.metric = "";
  EXPECT_THAT(*RunQuery(options), HasSubstr("records                10\n"));
  options.arch = "(2,2,0,2,2,3)";
  EXPECT_EQ(RunQuery(options).status().code(), absl::StatusCode::kNotFound);

  options.benchmark_path = TempPath("missing.bench");
  EXPECT_EQ(RunQuery(options).status().code(), absl::StatusCode::kNotFound);
  const std::string image = *ReadFile(path);
  options.benchmark_path = TempPath("cut.bench");
  ASSERT_TRUE(WriteFileAtomically(options.benchmark_path, image.substr(0, image.size() - 1)).ok());
  const absl::Status s = RunQuery(options).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("cut.bench: truncated record 10"));
}

}  // namespace
}  // namespace aimc::nas
