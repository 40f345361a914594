#include "analysis/metric_table.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<std::string> kAcc = {"acc"};

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

TEST(MetricTableTest, ParsesEveryArchFormAndChosenColumns) {
  const std::string csv =
      "index,arch,acc,other\r\n"
      "7,|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
      "nor_conv_1x1~2|,94.37,1\r\n"
      "\n"
      "8,\"(0, 0, 0, 4, 3, 2)\",,2\n"
      "9,15624,nan,3\n";
  const absl::StatusOr<MetricTable> t =
      ParseMetricTableCsv(csv, "t.csv", {"other", "acc", "op_count_(nor_conv_3x3)"});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->num_rows(), 3);
  EXPECT_EQ(t->cells[0].ToTupleString(), "(2,2,0,2,2,3)");
  EXPECT_EQ(t->cells[1].ToTupleString(), "(0,0,0,4,3,2)");
  EXPECT_EQ(t->cells[2].ToTupleString(), "(4,4,4,4,4,4)");
  EXPECT_THAT(t->names, ElementsAre("other", "acc", "op_count_(nor_conv_3x3)"));
  EXPECT_THAT(t->columns[0], ElementsAre(1, 2, 3));
  EXPECT_EQ(t->columns[1][0], 94.37);
  EXPECT_TRUE(std::isnan(t->columns[1][1]));
  EXPECT_TRUE(std::isnan(t->columns[1][2]));
  EXPECT_THAT(t->columns[2], ElementsAre(4, 1, 0));
  EXPECT_THAT(t->source, HasSubstr("CSV t.csv (3 rows; computed graph features: op_count_"));
  EXPECT_EQ((*t->Column("other"))[2], 3);
  EXPECT_THAT(t->Column("nope").status().message(), HasSubstr("loaded: other, acc"));
}

struct BadCsv {
  const char* text;
  const char* message;
};

TEST(MetricTableTest, ErrorsNameFileLineAndColumn) {
  const BadCsv cases[] = {
      {"", "t.csv: empty CSV"},
      {"index,acc\n1,2\n", "t.csv:1: no 'arch' column (columns: index, acc)"},
      {"arch,acc,acc\n", "t.csv:1: column 3 (acc): repeats column 2"},
      {"arch,accuracy\n", "t.csv:1: no column 'acc' (columns: arch, accuracy; the 191 graph"},
      {"arch,acc\n0,1\n1\n", "t.csv:3: expected 2 fields, got 1"},
      {"arch,acc\n0,1\n\n1,9x\n", "t.csv:4: column 2 (acc): '9x' is not a number"},
      {"arch,acc\n|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n",
       "t.csv:2: column 1 (arch): cell string: token 1"},
      {"arch,acc\n\"(0,1,2,3,4,5,6)\",1\n", "t.csv:2: column 1 (arch): "},
      {"arch,acc\n0,1\n\"(0,0,0,0,0,0)\",2\n",
       "t.csv:3: column 1 (arch): cell (0,0,0,0,0,0) repeats line 2"},
      {"arch,acc\n\"0,1\n", "t.csv:2: column 1: unterminated quoted field"},
  };
  for (const BadCsv& c : cases) {
    const absl::StatusOr<MetricTable> t = ParseMetricTableCsv(c.text, "t.csv", kAcc);
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(t.status().message(), HasSubstr(c.message)) << c.text;
  }
  EXPECT_EQ(LoadMetricTableCsv(TempPath("missing.csv"), kAcc).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(MetricTableTest, LoadsBenchmarkFile) {
  nas::BenchmarkStore store;
  store.mutable_provenance()->set_dataset("cifar10");
  store.mutable_provenance()->set_scale("tiny test");
  for (int i : {3, 1}) {
    nas::ArchRecord r;
    for (int code : nas::AllCells()[i].Codes()) r.add_ops(code);
    r.set_baseline_accuracy(80 + i);
    if (i == 3) r.set_noisy_accuracy(50);
    ASSERT_TRUE(store.Add(r).ok());
  }
  const std::string path = TempPath("tiny.bench");
  ASSERT_TRUE(store.Save(path).ok());
  DataSource data;
  data.benchmark_path = path;
  const absl::StatusOr<MetricTable> t =
      LoadMetricTable(data, {"noisy_accuracy", "baseline_accuracy"});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->num_rows(), 2);
  EXPECT_EQ(t->cells[0].LexIndex(), 1);  // lexicographic order
  EXPECT_TRUE(std::isnan(t->columns[0][0]));
  EXPECT_EQ(t->columns[0][1], 50);
  EXPECT_THAT(t->columns[1], ElementsAre(81, 83));
  EXPECT_THAT(t->source, HasSubstr("dataset cifar10; scale tiny test"));
  const absl::StatusOr<MetricTable> bad = LoadMetricTableBenchmark(path, {"accuracy"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("baseline_accuracy"));
}

TEST(MetricTableTest, NeedsExactlyOneSource) {
  EXPECT_THAT(LoadMetricTable({}, kAcc).status().message(), HasSubstr("exactly one data source"));
  const DataSource both{"a", "b"};
  EXPECT_FALSE(LoadMetricTable(both, kAcc).ok());
}

TEST(MetricTableTest, RowFilters) {
  const absl::StatusOr<MetricTable> t =
      ParseMetricTableCsv("arch,a,b\n0,1,5\n1,2,nan\n2,3,7\n", "t.csv", {"a", "b"});
  ASSERT_TRUE(t.ok()) << t.status();
  const absl::StatusOr<std::vector<RowCondition>> where = ParseRowFilter("a>=2, b<7");
  ASSERT_TRUE(where.ok()) << where.status();
  EXPECT_EQ(RowFilterToString(*where), "a>=2,b<7");
  const absl::StatusOr<MetricTable> kept = FilterRows(*t, *where);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->num_rows(), 0);  // row 1 has b = NaN, row 2 has b = 7
  const absl::StatusOr<MetricTable> a_gt_1 = FilterRows(*t, *ParseRowFilter("a>1"));
  EXPECT_THAT(a_gt_1->columns[0], ElementsAre(2, 3));
  EXPECT_THAT(a_gt_1->source, HasSubstr("where a>1: 2 rows kept"));
  EXPECT_FALSE(ParseRowFilter("a=>2").ok());
  EXPECT_FALSE(ParseRowFilter(">=2").ok());
  EXPECT_EQ(FilterRows(*t, *ParseRowFilter("c>1")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MetricTableTest, SplitsMetricListsKeepingFeatureNames) {
  EXPECT_THAT(SplitMetricList("a, b,,min_path_len_(skip_connect,none),c"),
              ElementsAre("a", "b", "min_path_len_(skip_connect,none)", "c"));
  EXPECT_TRUE(SplitMetricList("").empty());
}

}  // namespace
}  // namespace aimc::analysis
