// Tests of the one-cell AnalogNAS-Bench job (evaluate_cell.h) at a scale
// below tiny (1,500 Fashion-MNIST images, 3 digital epochs, one of QAT and HWT): the
// record is complete (every metric, four drift times per branch, params and
// MACs), accuracies are above chance, the record round-trips through a
// benchmark file (nas::AppendRecord, nas::FindRecord), a second append is
// AlreadyExists, and bad options are Statuses.
#include "experiments/analognas_bench/evaluate_cell.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

namespace aimc::experiments {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

EvaluateCellOptions Micro() {
  EvaluateCellOptions o;
  o.arch = "(2,2,0,2,2,3)";
  o.scale = "tiny";
  o.train_images = 1500;
  o.test_images = 200;
  o.epochs = 3;
  o.qat_epochs = 1;
  o.hwt_epochs = 1;
  o.repetitions = 2;
  o.threads = 1;
  return o;
}

TEST(EvaluateCellTest, WritesACompleteRecord) {
  const absl::StatusOr<CellReport> report = EvaluateCell(Micro(), nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  const nas::ArchRecord& r = report->record;
  EXPECT_EQ(r.ops_size(), 6);
  for (double acc : {r.baseline_accuracy(), r.ptq_accuracy(), r.qat_accuracy(),
                     r.noisy_accuracy(), r.analog_accuracy()}) {
    EXPECT_GT(acc, 15.0);  // chance is 10 %
    EXPECT_LE(acc, 100.0);
  }
  ASSERT_EQ(r.noisy_drift_size(), 4);
  ASSERT_EQ(r.analog_drift_size(), 4);
  const double times[] = {60, 3600, 86400, 2592000};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r.noisy_drift(i).time_s(), times[i]);
    EXPECT_EQ(r.analog_drift(i).time_s(), times[i]);
    EXPECT_TRUE(r.noisy_drift(i).has_std());
  }
  EXPECT_GT(r.params(), 0);
  EXPECT_GT(r.flops(), 0);
  const std::string text = FormatCellReport(*report);
  EXPECT_TRUE(absl::StrContains(text, "analog_drift_30d")) << text;
  EXPECT_TRUE(absl::StrContains(text, "scale: tiny")) << text;

  const std::string path = TempPath("cells.bench");
  std::remove(path.c_str());
  const nas::Cell cell = *nas::ParseArch("(2,2,0,2,2,3)");
  EXPECT_EQ(nas::FindRecord(path, cell).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(nas::AppendRecord(path, report->record, report->provenance).ok());
  EXPECT_TRUE(nas::FindRecord(path, cell).ok());
  EXPECT_EQ(nas::AppendRecord(path, report->record, report->provenance).code(),
            absl::StatusCode::kAlreadyExists);
  const absl::StatusOr<nas::BenchmarkStore> store = nas::BenchmarkStore::Load(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->size(), 1);
  EXPECT_EQ(store->provenance().simulator_preset(), "analognas_bench");
  const absl::StatusOr<double> analog =
      store->Metric(*store->FindArch("(2,2,0,2,2,3)"), "analog_drift_86400");
  ASSERT_TRUE(analog.ok()) << analog.status();
  EXPECT_DOUBLE_EQ(*analog, r.analog_drift(2).mean());
}

TEST(EvaluateCellTest, BadOptionsAreStatuses) {
  EvaluateCellOptions o = Micro();
  o.scale = "huge";
  const absl::Status scale = EvaluateCell(o, nullptr).status();
  EXPECT_EQ(scale.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(scale.message(), "known: paper, small, test, tiny")) << scale;
  o = Micro();
  o.threads = 0;
  const absl::Status threads = EvaluateCell(o, nullptr).status();
  EXPECT_EQ(threads.code(), absl::StatusCode::kInvalidArgument);
  // Issue 17: library errors name the option, not a command-line flag.
  EXPECT_TRUE(absl::StartsWith(threads.message(), "threads: must be 1..256")) << threads;
  o = Micro();
  o.arch = "(2,2,9,2,2,3)";
  EXPECT_EQ(EvaluateCell(o, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  o = Micro();
  o.data = "cifar10";
  o.data_dir = "/nonexistent";
  const absl::Status missing = EvaluateCell(o, nullptr).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << missing;
  EXPECT_TRUE(absl::StrContains(missing.message(), "data_dir")) << missing;
  o = Micro();
  o.recipe = "no_such_recipe";
  EXPECT_EQ(EvaluateCell(o, nullptr).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aimc::experiments
