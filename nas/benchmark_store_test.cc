#include "nas/benchmark_store.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/record_io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/cell.h"
#include "nas/testing/synthetic_benchmark.h"

namespace aimc::nas {
namespace {

using test_util::SyntheticRecord;
using test_util::SyntheticStore;
using ::testing::HasSubstr;

std::string TempPath(absl::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

// Plain write (no fsync): the corruption tests write hundreds of files.
void WriteRaw(const std::string& path, absl::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

MetricId Id(absl::string_view name) {
  absl::StatusOr<MetricId> id = ResolveMetric(name);
  EXPECT_TRUE(id.ok()) << id.status();
  return id.ok() ? *id : MetricId{};
}

bool SameValue(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

TEST(MetricTest, NamesFollowTheHeaderOrder) {
  absl::Span<const std::string> names = MetricNames();
  ASSERT_EQ(names.size(), kNumMetrics);
  EXPECT_EQ(names[0], "baseline_accuracy");
  EXPECT_EQ(names[4], "analog_accuracy");
  EXPECT_EQ(names[5], "noisy_drift_60");
  EXPECT_EQ(names[6], "noisy_drift_60_std");
  EXPECT_EQ(names[19], "analog_drift_2592000");
  EXPECT_EQ(names[20], "analog_drift_2592000_std");
  EXPECT_EQ(names[21], "params");
  EXPECT_EQ(names[24], "avm_1d");
  for (int i = 0; i < kNumMetrics; ++i) {
    EXPECT_EQ(Id(names[i]).index, i);
    EXPECT_EQ(MetricName(MetricId{i}), names[i]);
  }
  EXPECT_TRUE(IsDerivedMetric(Id("avm")));
  EXPECT_FALSE(IsDerivedMetric(Id("analog_drift_86400")));
}

TEST(MetricTest, UnknownNameListsTheValidOnes) {
  const absl::StatusOr<MetricId> id = ResolveMetric("analog_drift_1d");
  ASSERT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(id.status().message(), HasSubstr("unknown metric 'analog_drift_1d'"));
  EXPECT_THAT(id.status().message(), HasSubstr("baseline_accuracy, ptq_accuracy"));
  EXPECT_THAT(id.status().message(), HasSubstr("analog_drift_86400_std"));
  EXPECT_THAT(id.status().message(), HasSubstr("avm, avm_1d"));
}

TEST(ParseArchTest, AcceptsStringTupleAndIndex) {
  const Cell best = *Cell::FromCodes({2, 2, 0, 2, 2, 3});
  EXPECT_EQ(*ParseArch(best.ToString()), best);
  EXPECT_EQ(*ParseArch("(2, 2, 0, 2, 2, 3)"), best);
  EXPECT_EQ(*ParseArch("2,2,0,2,2,3"), best);
  EXPECT_EQ(*ParseArch(absl::StrCat(" ", best.LexIndex(), " ")), best);
  EXPECT_EQ(*ParseArch("0"), Cell());
  EXPECT_THAT(ParseArch("15625").status().message(), HasSubstr("out of range (expected 0..15624)"));
  EXPECT_EQ(ParseArch("99999999999999").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseArch("(2,2,0)").status().code(), absl::StatusCode::kInvalidArgument);
}

// Save and Load all 15,625 synthetic cells: every value, the NB201 index and
// the provenance survive, and a second save writes the same bytes.
TEST(BenchmarkStoreTest, RoundTripsAllCells) {
  const BenchmarkStore store = SyntheticStore();
  ASSERT_EQ(store.size(), kNumCells);
  const std::string path = TempPath("all.bench");
  ASSERT_TRUE(store.Save(path).ok());
  const absl::StatusOr<BenchmarkStore> loaded = BenchmarkStore::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(loaded->size(), kNumCells);
  EXPECT_EQ(loaded->provenance().SerializeAsString(), store.provenance().SerializeAsString());
  for (const Cell& cell : AllCells()) {
    const ArchEntry* a = store.Find(cell);
    const ArchEntry* b = loaded->Find(cell);
    ASSERT_NE(b, nullptr) << cell;
    ASSERT_EQ(a->arch_index, b->arch_index);
    for (int i = 0; i < kNumMetrics; ++i) {
      ASSERT_TRUE(SameValue(a->values[i], b->values[i])) << cell << " " << MetricNames()[i];
    }
  }
  EXPECT_EQ(loaded->SerializeRecords(), store.SerializeRecords());
}

TEST(BenchmarkStoreTest, ValuesFollowTheRecord) {
  const BenchmarkStore store = SyntheticStore();
  const Cell cell = *Cell::FromCodes({2, 2, 0, 2, 2, 3});
  const ArchRecord r = SyntheticRecord(cell);
  EXPECT_EQ(*store.Metric(cell, "baseline_accuracy"), r.baseline_accuracy());
  EXPECT_EQ(*store.Metric(cell, "analog_drift_86400"), r.analog_drift(2).mean());
  EXPECT_EQ(*store.Metric(cell, "analog_drift_86400_std"), r.analog_drift(2).std());
  EXPECT_EQ(*store.Metric(cell, "noisy_drift_60"), r.noisy_drift(0).mean());
  EXPECT_EQ(*store.Metric(cell, "params"), 1073466);
  EXPECT_EQ(*store.Metric(cell, "flops"), 1000.0 * cell.LexIndex() + 7);
  // nas_spec.md §3.0: AVM = A(60 s) - A(30 d) on the analog (HWT) drift values.
  EXPECT_DOUBLE_EQ(*store.Metric(cell, "avm"), r.analog_drift(0).mean() - r.analog_drift(3).mean());
  EXPECT_DOUBLE_EQ(*store.Metric(cell, "avm_1d"),
                   r.analog_drift(2).mean() - r.analog_drift(3).mean());
  EXPECT_EQ(store.Value(cell, Id("qat_accuracy")), r.qat_accuracy());
  EXPECT_EQ(store.Record(cell)->SerializeAsString(), r.SerializeAsString());
}

TEST(BenchmarkStoreTest, MissingValuesAndCellsAreNotFound) {
  const BenchmarkStore store = SyntheticStore(100, 2);  // even indices 0..198
  const Cell no_ptq = AllCells()[0];                    // 0 % 97 == 0: no ptq
  EXPECT_TRUE(std::isnan(store.Value(no_ptq, Id("ptq_accuracy"))));
  absl::StatusOr<double> v = store.Metric(no_ptq, "ptq_accuracy");
  EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(v.status().message(),
              HasSubstr("'ptq_accuracy' is not stored for cell (0,0,0,0,0,0)"));
  const Cell absent = AllCells()[1];
  EXPECT_EQ(store.Find(absent), nullptr);
  EXPECT_TRUE(std::isnan(store.Value(absent, Id("baseline_accuracy"))));
  EXPECT_EQ(store.Metric(absent, "baseline_accuracy").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.Metric(absent, "nonsense").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.Record(absent).status().code(), absl::StatusCode::kNotFound);

  BenchmarkStore partial;
  ArchRecord r = SyntheticRecord(absent);
  r.mutable_analog_drift()->RemoveLast();  // no 30-day point
  ASSERT_TRUE(partial.Add(r).ok());
  EXPECT_THAT(partial.Metric(absent, "avm").status().message(),
              HasSubstr("needs analog_drift_60 and analog_drift_2592000"));
  EXPECT_EQ(partial.Metric(absent, "analog_drift_86400").status().code(), absl::StatusCode::kOk);
}

TEST(BenchmarkStoreTest, FindsByEveryForm) {
  const BenchmarkStore store = SyntheticStore(100, 2);
  const Cell cell = AllCells()[42];
  const int nb201 = SyntheticRecord(cell).arch_index();
  EXPECT_EQ(*store.FindArch(cell.ToString()), cell);
  EXPECT_EQ(*store.FindArch(cell.ToTupleString()), cell);
  EXPECT_EQ(*store.FindArch("42"), cell);
  EXPECT_EQ(*store.FindArch(absl::StrCat("nb201:", nb201)), cell);
  EXPECT_EQ(*store.FindLexIndex(42), cell);
  EXPECT_EQ(store.Cells().size(), 100u);
  EXPECT_EQ(store.Cells()[21], cell);

  EXPECT_EQ(store.FindArch("43").status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(store.FindArch("43").status().message(), HasSubstr("100 cells stored"));
  EXPECT_EQ(store.FindLexIndex(43).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.FindLexIndex(-1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.FindArch("nb201:1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store.FindArch("nb201:x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store.FindArch("|nor_conv_5x5~0|").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(BenchmarkStoreTest, RejectsDuplicateCellsAndBadRecords) {
  BenchmarkStore store;
  const Cell cell = *Cell::FromCodes({4, 0, 3, 1, 4, 3});
  ArchRecord r = SyntheticRecord(cell);
  ASSERT_TRUE(store.Add(r).ok());
  absl::Status s = store.Add(r);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("cell (4,0,3,1,4,3): duplicate cell"));
  EXPECT_EQ(store.size(), 1);

  ArchRecord other = SyntheticRecord(AllCells()[7]);
  other.set_arch_index(r.arch_index());
  EXPECT_THAT(store.Add(other).message(), HasSubstr("already belongs to cell (4,0,3,1,4,3)"));
  other = SyntheticRecord(AllCells()[7]);
  other.mutable_analog_drift(1)->set_time_s(120);
  EXPECT_THAT(store.Add(other).message(),
              HasSubstr("analog_drift time_s 120 is not one of 60, 3600, 86400, 2592000 s"));
  other = SyntheticRecord(AllCells()[7]);
  other.mutable_noisy_drift(1)->set_time_s(60);
  EXPECT_THAT(store.Add(other).message(), HasSubstr("noisy_drift time_s 60 appears twice"));
  other = SyntheticRecord(AllCells()[7]);
  other.set_arch(cell.ToString());
  EXPECT_THAT(store.Add(other).message(), HasSubstr("disagrees with ops (it is (4,0,3,1,4,3))"));
  other = SyntheticRecord(AllCells()[7]);
  other.mutable_ops()->RemoveLast();
  EXPECT_THAT(store.Add(other).message(), HasSubstr("ops: cell codes: expected 6 op codes, got 5"));
  other.add_ops(7);
  EXPECT_THAT(store.Add(other).message(), HasSubstr("position 5 '7': op code out of range"));
  other = SyntheticRecord(AllCells()[7]);
  other.set_arch_index(15625);
  EXPECT_THAT(store.Add(other).message(), HasSubstr("arch_index 15625 out of range"));
  EXPECT_EQ(store.size(), 1);
  other.set_arch(AllCells()[7].ToString());
  other.clear_arch_index();
  EXPECT_TRUE(store.Add(other).ok());
}

// A file holding one cell twice names the path and the second record.
TEST(BenchmarkStoreTest, DuplicateCellInAFileIsInvalidArgument) {
  std::vector<std::string> records = SyntheticStore(2).SerializeRecords();
  records[2] = records[1];
  const std::string path = TempPath("duplicate.bench");
  ASSERT_TRUE(WriteRecordsAtomically(path, records).ok());
  const absl::Status s = BenchmarkStore::Load(path).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat(path, ": record 2 at byte ")));
  EXPECT_THAT(s.message(), HasSubstr("duplicate cell"));
}

TEST(BenchmarkStoreTest, OtherRecordFilesAreNotBenchmarks) {
  const std::string path = TempPath("other.rec");
  ASSERT_TRUE(WriteRecordsAtomically(path, {std::string("hello")}).ok());
  const absl::Status s = BenchmarkStore::Load(path).status();
  EXPECT_TRUE(s.code() == absl::StatusCode::kInvalidArgument ||
              s.code() == absl::StatusCode::kDataLoss)
      << s;
  EXPECT_THAT(s.message(), HasSubstr(path));
  BenchmarkHeader header;
  header.set_format("something/else");
  ASSERT_TRUE(WriteRecordsAtomically(path, {header.SerializeAsString()}).ok());
  EXPECT_THAT(BenchmarkStore::Load(path).status().message(),
              HasSubstr("not a benchmark file (header format 'something/else'"));
}

TEST(BenchmarkStoreTest, MissingFileIsNotFound) {
  EXPECT_EQ(BenchmarkStore::Load(TempPath("no_such.bench")).status().code(),
            absl::StatusCode::kNotFound);
}

// Every truncation point of a 3-cell file, including the cuts at record
// boundaries that only the header's count reveals, is DataLoss naming the file
// (LevelDB corruption_test habit). Load is ReadFile + Parse: every cut goes
// through Parse in memory, a few through real files.
TEST(BenchmarkStoreTest, EveryTruncationIsDataLossNamingTheFile) {
  const std::string path = TempPath("small.bench");
  ASSERT_TRUE(SyntheticStore(3, 1000).Save(path).ok());
  const std::string image = *ReadFile(path);
  ASSERT_TRUE(BenchmarkStore::Load(path).ok());
  const std::string cut = TempPath("cut.bench");
  for (size_t size = 0; size < image.size(); ++size) {
    const absl::string_view prefix = absl::string_view(image).substr(0, size);
    const absl::Status s = BenchmarkStore::Parse(prefix, cut).status();
    ASSERT_EQ(s.code(), absl::StatusCode::kDataLoss) << "size " << size << ": " << s;
    ASSERT_THAT(s.message(), HasSubstr(cut)) << "size " << size;
    ASSERT_THAT(s.message(), HasSubstr("byte")) << "size " << size << ": " << s;
    if (size % 97 == 0 || size == image.size() - 1) {
      WriteRaw(cut, prefix);
      ASSERT_EQ(BenchmarkStore::Load(cut).status(), s) << "size " << size;
    }
  }
  // One whole record too many is corrupt as well.
  std::vector<std::string> records = SyntheticStore(3, 1000).SerializeRecords();
  records.push_back(SyntheticRecord(AllCells()[5]).SerializeAsString());
  ASSERT_TRUE(WriteRecordsAtomically(cut, records).ok());
  EXPECT_THAT(BenchmarkStore::Load(cut).status().message(),
              HasSubstr("header promises 3 records, file has 4"));
}

// Flipping any single bit of any byte of a small file is DataLoss.
TEST(BenchmarkStoreTest, EveryFlippedByteIsDataLoss) {
  const std::string image = [] {
    const std::string path = TempPath("flip.bench");
    EXPECT_TRUE(SyntheticStore(3, 1000).Save(path).ok());
    return *ReadFile(path);
  }();
  for (size_t pos = 0; pos < image.size(); ++pos) {
    for (int bit : {0, 7}) {
      std::string bad = image;
      bad[pos] = static_cast<char>(bad[pos] ^ (1 << bit));
      const absl::Status s = BenchmarkStore::Parse(bad, "flip.bench").status();
      ASSERT_EQ(s.code(), absl::StatusCode::kDataLoss) << "byte " << pos << " bit " << bit << s;
      ASSERT_THAT(s.message(), HasSubstr("flip.bench"));
    }
  }
  const std::string path = TempPath("flipped.bench");
  std::string bad = image;
  bad[image.size() / 2] ^= 0x20;
  WriteRaw(path, bad);
  const absl::Status s = BenchmarkStore::Load(path).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr(absl::StrCat(path, ": checksum mismatch in record ")));
}

TEST(BenchmarkStoreTest, EmptyStoreRoundTrips) {
  BenchmarkStore store;
  store.mutable_provenance()->set_dataset("cifar10");
  const std::string path = TempPath("empty.bench");
  ASSERT_TRUE(store.Save(path).ok());
  const absl::StatusOr<BenchmarkStore> loaded = BenchmarkStore::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->size(), 0);
  EXPECT_EQ(loaded->provenance().dataset(), "cifar10");
}

// Issue 17: finding and appending are file operations with their own codes
// (a duplicate is AlreadyExists, not a message to match).
TEST(BenchmarkFileTest, FindAndAppendRecords) {
  const std::string path = TempPath("append.bench");
  std::remove(path.c_str());
  const Cell a = AllCells()[5], b = AllCells()[9];
  Provenance provenance;
  provenance.set_dataset("fashion_mnist");
  provenance.set_scale("tiny");
  provenance.set_simulator_preset("analognas_bench");
  EXPECT_EQ(FindRecord(path, a).status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE(AppendRecord(path, SyntheticRecord(a), provenance).ok());
  const absl::StatusOr<ArchRecord> found = FindRecord(path, a);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->baseline_accuracy(), SyntheticRecord(a).baseline_accuracy());
  const absl::Status missing = FindRecord(path, b).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.message(), HasSubstr(path));

  const absl::Status again = AppendRecord(path, SyntheticRecord(a), provenance);
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  EXPECT_THAT(again.message(), HasSubstr(a.ToTupleString()));
  ASSERT_TRUE(AppendRecord(path, SyntheticRecord(b), provenance).ok());
  EXPECT_EQ(BenchmarkStore::Load(path)->size(), 2);

  Provenance other = provenance;
  other.set_scale("small");
  const absl::Status s = AppendRecord(path, SyntheticRecord(AllCells()[11]), other);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_THAT(s.message(), HasSubstr("another protocol"));
  ArchRecord bad;
  bad.add_ops(9);
  EXPECT_EQ(AppendRecord(path, bad, provenance).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(BenchmarkStore::Load(path)->size(), 2);
}

}  // namespace
}  // namespace aimc::nas
