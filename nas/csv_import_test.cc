#include "nas/csv_import.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/testing/shared_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"

namespace aimc::nas {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr absl::string_view kBest =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
    "nor_conv_1x1~2|";

CsvImportOptions Format(CsvFormat format) {
  CsvImportOptions options;
  options.format = format;
  return options;
}

// The message of an import that must fail with InvalidArgument.
std::string ImportError(absl::string_view csv, CsvFormat format) {
  const absl::Status s = ImportCsv(csv, "t.csv", Format(format)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  return std::string(s.message());
}

TEST(SplitCsvLineTest, HandlesQuotesAndEmptyFields) {
  EXPECT_THAT(*SplitCsvLine("a, b ,c"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(*SplitCsvLine("\"(2,2,0,2,2,3)\",94.1"), ElementsAre("(2,2,0,2,2,3)", "94.1"));
  EXPECT_THAT(*SplitCsvLine(" \"say \"\"hi\"\"\" ,x"), ElementsAre("say \"hi\"", "x"));
  EXPECT_THAT(*SplitCsvLine("a,,"), ElementsAre("a", "", ""));
  EXPECT_THAT(*SplitCsvLine(""), ElementsAre(""));
  EXPECT_THAT(SplitCsvLine("a,\"open").status().message(),
              HasSubstr("column 2: unterminated quoted field"));
  EXPECT_THAT(SplitCsvLine("\"a\"b,c").status().message(),
              HasSubstr("column 1: text after the closing quote"));
}

TEST(CsvImportTest, ParsesFormatNames) {
  EXPECT_EQ(*ParseCsvFormat("nb201"), CsvFormat::kNb201);
  EXPECT_EQ(*ParseCsvFormat("metrics"), CsvFormat::kMetrics);
  EXPECT_THAT(ParseCsvFormat("tsv").status().message(), HasSubstr("expected nb201 or metrics"));
}

TEST(CsvImportTest, ImportsNb201Rows) {
  const std::string csv =
      absl::StrCat("index,arch,cifar10_test_accuracy\r\n6111,", kBest, ",94.37333\r\n0,",
                   AllCells()[0].ToString(), ",85.5\r\n\r\n");
  CsvImportOptions options = Format(CsvFormat::kNb201);
  options.provenance.set_scale("full");
  options.provenance.add_seeds(7);
  const absl::StatusOr<BenchmarkStore> store = ImportCsv(csv, "t.csv", options);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->size(), 2);
  const Cell best = *ParseCellString(kBest);
  EXPECT_EQ(*store->Metric(best, "baseline_accuracy"), 94.37333);
  EXPECT_EQ(store->Find(best)->arch_index, 6111);
  EXPECT_EQ(*store->Metric(best, "params"), 1073466);  // filled from nas_spec.md §1.5
  EXPECT_EQ(store->Metric(best, "ptq_accuracy").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store->provenance().dataset(), "cifar10");
  EXPECT_EQ(store->provenance().scale(), "full");
  EXPECT_THAT(store->provenance().seeds(), ElementsAre(7));
  EXPECT_THAT(store->provenance().source(), HasSubstr("NB201 CSV 't.csv'"));

  options.fill_params = false;
  EXPECT_EQ(ImportCsv(csv, "t.csv", options)->Metric(best, "params").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CsvImportTest, Nb201ErrorsNameFileLineAndColumn) {
  const std::string head = "index,arch,cifar10_test_accuracy\n";
  const std::string best(kBest);
  EXPECT_THAT(ImportError("idx,arch,acc\n", CsvFormat::kNb201),
              HasSubstr("t.csv:1: expected the header 'index,arch,<dataset>_test_accuracy'"));
  EXPECT_THAT(ImportError(head + "1,|nor_conv_5x5~0|,9\n", CsvFormat::kNb201),
              HasSubstr("t.csv:2: column 2 (arch): cell string: token 1"));
  EXPECT_THAT(ImportError(head + "1," + best + ",101\n", CsvFormat::kNb201),
              HasSubstr("t.csv:2: column 3 (cifar10_test_accuracy): must be an accuracy in "
                        "0..100 %, got 101"));
  EXPECT_THAT(ImportError(head + "1," + best + ",x\n", CsvFormat::kNb201),
              HasSubstr("t.csv:2: column 3 (cifar10_test_accuracy): 'x' is not a number"));
  EXPECT_THAT(ImportError(head + "-1," + best + ",90\n", CsvFormat::kNb201),
              HasSubstr("t.csv:2: column 1 (index): '-1' is not an NB201 index 0..15624"));
  EXPECT_THAT(ImportError(head + "1," + best + "\n", CsvFormat::kNb201),
              HasSubstr("t.csv:2: expected 3 fields, got 2"));
  EXPECT_THAT(
      ImportError(head + "1," + best + ",90\n\n2," + best + ",91\n", CsvFormat::kNb201),
      HasSubstr("t.csv:4: column 2 (arch): duplicate cell (2,2,0,2,2,3) (first on line 2)"));
  EXPECT_THAT(ImportError(head + "1," + best + ",90\n1,\"(0,0,0,0,0,0)\",91\n", CsvFormat::kNb201),
              HasSubstr("t.csv:3: cell (0,0,0,0,0,0): arch_index 1 already belongs to cell"));
  EXPECT_THAT(ImportError("", CsvFormat::kNb201), HasSubstr("t.csv: empty CSV"));
  EXPECT_EQ(ImportCsvFile("/no/such/file.csv", Format(CsvFormat::kNb201)).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CsvImportTest, ImportsWideMetrics) {
  const std::string csv = absl::StrCat(
      "arch,arch_index,baseline_accuracy,analog_drift_60,analog_drift_2592000,"
      "analog_drift_2592000_std,params\n",
      "\"(2,2,0,2,2,3)\",6111,93.46,91.0 ± 0.25,90.21,0.3,802426\n"
      "0,,90,,nan,,\n",
      AllCells()[1].ToString(), ",5,88,85 +- 1,,,\n");
  const absl::StatusOr<BenchmarkStore> store = ImportCsv(csv, "m.csv", Format(CsvFormat::kMetrics));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_EQ(store->size(), 3);
  const Cell best = *ParseCellString(kBest);
  EXPECT_EQ(*store->Metric(best, "analog_drift_60"), 91.0);
  EXPECT_EQ(*store->Metric(best, "analog_drift_60_std"), 0.25);
  EXPECT_EQ(*store->Metric(best, "analog_drift_2592000_std"), 0.3);
  EXPECT_EQ(*store->Metric(best, "params"), 802426);  // from the CSV, not the formula
  EXPECT_NEAR(*store->Metric(best, "avm"), 0.79, 1e-12);
  EXPECT_EQ(*store->Metric(AllCells()[0], "baseline_accuracy"), 90);
  EXPECT_EQ(store->Find(AllCells()[0])->arch_index, -1);
  EXPECT_EQ(store->Metric(AllCells()[0], "analog_drift_2592000").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*store->Metric(AllCells()[1], "analog_drift_60_std"), 1);
  EXPECT_THAT(store->provenance().source(), HasSubstr("metrics CSV 'm.csv' (wide)"));
}

TEST(CsvImportTest, WideErrorsNameFileLineAndColumn) {
  EXPECT_THAT(ImportError("baseline_accuracy\n90\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:1: no 'arch' column"));
  EXPECT_THAT(ImportError("arch,accuracy\n0,90\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:1: column 2 (accuracy): unknown metric 'accuracy' (expected one "
                        "of baseline_accuracy"));
  EXPECT_THAT(ImportError("arch,avm\n0,1\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:1: column 2 (avm): 'avm' is derived"));
  EXPECT_THAT(ImportError("arch,params,params\n0,1,1\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:1: column 3 (params): repeats column 2"));
  EXPECT_THAT(ImportError("arch,params\n0,1.5\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:2: column 2 (params): must be a whole count >= 0, got 1.5"));
  EXPECT_THAT(ImportError("arch,noisy_accuracy\n0,90 ± 1\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:2: column 2 (noisy_accuracy): '90 ± 1': 'mean ± std' is "
                        "allowed in drift mean columns only"));
  EXPECT_THAT(ImportError("arch,noisy_drift_60_std\n0,-1\n", CsvFormat::kMetrics),
              HasSubstr("must be >= 0 %, got -1"));
  EXPECT_THAT(
      ImportError("arch,noisy_drift_60,noisy_drift_60_std\n0,90 ± 1,1\n", CsvFormat::kMetrics),
      HasSubstr("t.csv:2: column 3 (noisy_drift_60_std): noisy_drift_60_std already "
                "given on line 2"));
  EXPECT_THAT(ImportError("arch,params\n(0,0,0,0,0,0),1\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:2: expected 2 fields, got 7"));
  EXPECT_THAT(ImportError("arch,params\n\"(0,0,0,0,0)\",1\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:2: column 1 (arch): cell tuple"));
  EXPECT_THAT(
      ImportError("arch,params\n0,1\n\"(0,0,0,0,0,0)\",2\n", CsvFormat::kMetrics),
      HasSubstr("t.csv:3: column 1 (arch): duplicate cell (0,0,0,0,0,0) (first on line 2)"));
}

TEST(CsvImportTest, ImportsLongMetrics) {
  const std::string csv =
      "arch,metric,value\n"
      "\"(2,2,0,2,2,3)\",analog_drift_86400,90.53 ± 0.28\n"
      "7,baseline_accuracy,91\n"
      "\"(2,2,0,2,2,3)\",arch_index,6111\n"
      "\"(2,2,0,2,2,3)\",flops,1000\n";
  const absl::StatusOr<BenchmarkStore> store = ImportCsv(csv, "l.csv", Format(CsvFormat::kMetrics));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_EQ(store->size(), 2);
  const Cell best = *ParseCellString(kBest);
  EXPECT_EQ(*store->Metric(best, "analog_drift_86400"), 90.53);
  EXPECT_EQ(*store->Metric(best, "analog_drift_86400_std"), 0.28);
  EXPECT_EQ(*store->Metric(best, "flops"), 1000);
  EXPECT_EQ(*store->FindArch("nb201:6111"), best);
  EXPECT_EQ(*store->Metric(AllCells()[7], "baseline_accuracy"), 91);

  EXPECT_THAT(
      ImportError("arch,metric,value\n7,qat_accuracy,90\n7,qat_accuracy,91\n", CsvFormat::kMetrics),
      HasSubstr("t.csv:3: column 3 (value): qat_accuracy: qat_accuracy already given "
                "on line 2"));
  EXPECT_THAT(ImportError("arch,metric,value\n7,qat,90\n", CsvFormat::kMetrics),
              HasSubstr("t.csv:2: column 2 (metric): unknown metric 'qat'"));
}

// The real NB201 table (shared/data/README.md; nas_spec.md §1.5): 15,625
// cells, best 94.37 % at (2,2,0,2,2,3) (a tie with (2,2,0,2,3,2) broken by
// NB201 index order), median 90.745 %. It also survives Save/Load.
TEST(CsvImportTest, ImportsTheRealNb201Table) {
  const absl::StatusOr<std::string> path =
      test_util::FindSharedDataFile("nas_bench_201/cifar10_test_accuracy.csv");
  if (!path.ok()) GTEST_SKIP() << path.status().message();
  const absl::StatusOr<BenchmarkStore> store = ImportCsvFile(*path, Format(CsvFormat::kNb201));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_EQ(store->size(), kNumCells);
  EXPECT_EQ(store->provenance().dataset(), "cifar10");

  const MetricId baseline = *ResolveMetric("baseline_accuracy");
  std::vector<double> accuracy;
  Cell best;
  int best_index = kNumCells;
  for (const Cell& cell : AllCells()) {
    const double value = store->Value(cell, baseline);
    const int index = store->Find(cell)->arch_index;
    accuracy.push_back(value);
    const double best_value = store->Value(best, baseline);
    if (value > best_value || (value == best_value && index < best_index)) {
      best = cell;
      best_index = index;
    }
  }
  EXPECT_EQ(best.ToTupleString(), "(2,2,0,2,2,3)");
  EXPECT_EQ(best_index, 6111);
  EXPECT_EQ(std::llround(store->Value(best, baseline) * 100), 9437);
  EXPECT_EQ(*store->FindArch("nb201:13714"), *ParseCellTuple("(2,2,0,2,3,2)"));
  EXPECT_EQ(*store->Metric(best, "params"), 1073466);
  std::sort(accuracy.begin(), accuracy.end());
  EXPECT_NEAR(accuracy[kNumCells / 2], 90.745, 1e-9);

  const std::string out = absl::StrCat(std::getenv("TEST_TMPDIR"), "/nb201.bench");
  ASSERT_TRUE(store->Save(out).ok());
  const absl::StatusOr<BenchmarkStore> loaded = BenchmarkStore::Load(out);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->SerializeRecords(), store->SerializeRecords());
}

}  // namespace
}  // namespace aimc::nas
