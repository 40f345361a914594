// Shard files and their merge with made-up records (no training): resume,
// refusal of another run's file, fan-out to isomorphism classes, missing cells
// and shards, torn tails, corruption and a full disk.
#include "experiments/analognas_bench/shard_store.h"

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "experiments/analognas_bench/cell_selection.h"
#include "gtest/gtest.h"
#include "nas/benchmark_store.h"

namespace aimc::experiments {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

struct FakeRun {
  std::vector<nas::Cell> cells;
  ShardHeader header;  // shard 0
};

FakeRun MakeRun(int num_shards, const std::string& scale = "test") {
  FakeRun run;
  run.cells = *SelectCells("stratified:6", 42);
  run.header.set_format(std::string(kShardFormat));
  run.header.set_scale(scale);
  run.header.set_scale_description(scale + ": made up");
  run.header.set_seed(42);
  run.header.set_recipe("analognas_bench");
  run.header.set_simulator_preset("analognas_bench");
  run.header.set_dataset("fashion_mnist");
  run.header.set_cells("stratified:6");
  run.header.set_num_cells(6);
  run.header.set_num_shards(num_shards);
  for (const nas::Cell& c : run.cells) run.header.add_cell_lex_indices(c.LexIndex());
  return run;
}

ShardHeader HeaderOf(const FakeRun& run, int index) {
  ShardHeader h = run.header;
  h.set_shard_index(index);
  return h;
}

GeneratedRecord RecordOf(const nas::Cell& cell) {
  GeneratedRecord g;
  for (int code : cell.Codes()) g.mutable_record()->add_ops(code);
  g.mutable_record()->set_baseline_accuracy(50.0 + cell.LexIndex() % 40);
  g.mutable_record()->set_params(1000 + cell.LexIndex());
  g.set_code_version("abc");
  g.set_scale("test");
  g.set_seed(42);
  g.set_date("2026-12-05T00:00:00Z");
  return g;
}

// Writes every cell of every shard; returns the shard paths.
std::vector<std::string> WriteRun(const FakeRun& run, const std::string& dir_name) {
  const std::string dir = TempPath(dir_name);
  if (std::system(absl::StrCat("rm -rf '", dir, "' && mkdir -p '", dir, "'").c_str()) != 0) ADD_FAILURE() << "cannot reset a test directory";
  std::vector<std::string> paths;
  const int n = run.header.num_shards();
  for (int i = 0; i < n; ++i) {
    const std::string path = absl::StrCat(dir, "/", ShardFileName(i, n));
    auto writer = ShardWriter::Open(path, HeaderOf(run, i), nullptr);
    EXPECT_TRUE(writer.ok()) << writer.status();
    for (const nas::Cell& c : CellsOfShard(run.cells, {i, n})) {
      EXPECT_TRUE(writer->Append(RecordOf(c)).ok());
    }
    paths.push_back(path);
  }
  return paths;
}

std::vector<ShardContents> ReadAll(const std::vector<std::string>& paths) {
  std::vector<ShardContents> shards;
  for (const std::string& p : paths) {
    auto s = ReadShard(p);
    EXPECT_TRUE(s.ok()) << s.status();
    if (s.ok()) shards.push_back(*std::move(s));
  }
  return shards;
}

// Issue 17: a shard finds a cell's record and refuses a second one by status
// code (NotFound, AlreadyExists), also after reopening.
TEST(ShardWriterTest, FindsRecordsAndRefusesDuplicates) {
  const FakeRun run = MakeRun(1);
  const std::string path = TempPath("find.records");
  std::remove(path.c_str());
  const nas::Cell a = run.cells[0], b = run.cells[1];
  {
    absl::StatusOr<ShardWriter> writer = ShardWriter::Open(path, HeaderOf(run, 0), nullptr);
    ASSERT_TRUE(writer.ok()) << writer.status();
    EXPECT_EQ(writer->FindRecord(a).status().code(), absl::StatusCode::kNotFound);
    ASSERT_TRUE(writer->Append(RecordOf(a)).ok());
    const absl::StatusOr<GeneratedRecord> found = writer->FindRecord(a);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(found->record().params(), RecordOf(a).record().params());
    EXPECT_EQ(writer->Append(RecordOf(a)).code(), absl::StatusCode::kAlreadyExists);
    GeneratedRecord bad;
    bad.mutable_record()->add_ops(7);
    EXPECT_EQ(writer->Append(bad).code(), absl::StatusCode::kInvalidArgument);
  }
  absl::StatusOr<ShardWriter> reopened = ShardWriter::Open(path, HeaderOf(run, 0), nullptr);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_TRUE(reopened->FindRecord(a).ok());
  EXPECT_EQ(reopened->FindRecord(b).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reopened->Append(RecordOf(a)).code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(reopened->Append(RecordOf(b)).ok());
  const absl::StatusOr<ShardContents> contents = ReadShard(path);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_EQ(contents->records.size(), 2u);
}

TEST(ShardStoreTest, ReopenResumesAndRefusesAnotherRun) {
  const FakeRun run = MakeRun(2);
  const std::vector<std::string> paths = WriteRun(run, "resume");
  std::vector<GeneratedRecord> done;
  ASSERT_TRUE(ShardWriter::Open(paths[0], HeaderOf(run, 0), &done).ok());
  EXPECT_EQ(done.size(), 3u);
  ShardHeader other = HeaderOf(run, 0);
  other.set_seed(7);
  const absl::Status seed = ShardWriter::Open(paths[0], other, &done).status();
  EXPECT_EQ(seed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(seed.message(), "seed is 42 vs 7")) << seed;
  const absl::Status index = ShardWriter::Open(paths[0], HeaderOf(run, 1), &done).status();
  EXPECT_EQ(index.code(), absl::StatusCode::kFailedPrecondition) << index;
}

TEST(ShardStoreTest, MergeFansOutToEveryClassMember) {
  const FakeRun run = MakeRun(3);
  const auto merged = MergeShards(ReadAll(WriteRun(run, "fanout")));
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_EQ(merged->representatives, 6);
  EXPECT_TRUE(merged->missing.empty());
  EXPECT_TRUE(merged->missing_shards.empty());
  int members = 0;
  for (const nas::Cell& rep : run.cells) {
    const CellClass& cls = AllCellClasses()[CellClassIndex(rep)];
    for (const nas::Cell& m : cls.members) {
      ++members;
      const auto acc = merged->store.Metric(m, "baseline_accuracy");
      ASSERT_TRUE(acc.ok()) << acc.status();
      EXPECT_EQ(*acc, 50.0 + rep.LexIndex() % 40);
    }
  }
  EXPECT_EQ(merged->store.size(), members);
  EXPECT_EQ(merged->store.provenance().seeds(0), 42u);
  EXPECT_TRUE(absl::StrContains(merged->store.provenance().source(), "6 of 6")) 
      << merged->store.provenance().source();
  EXPECT_TRUE(absl::StrContains(merged->provenance_tsv, "abc"));
}

TEST(ShardStoreTest, MissingShardsAndCellsAreReported) {
  const FakeRun run = MakeRun(3);
  std::vector<std::string> paths = WriteRun(run, "missing");
  paths.pop_back();
  const auto merged = MergeShards(ReadAll(paths));
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_EQ(merged->missing_shards.size(), 1u);
  EXPECT_EQ(merged->missing_shards[0], "shard 2 of 3");
  EXPECT_EQ(merged->missing.size(), 2u);
  EXPECT_EQ(merged->representatives, 4);
}

TEST(ShardStoreTest, MixedRunsAreRefused) {
  const FakeRun a = MakeRun(2, "test");
  const FakeRun b = MakeRun(2, "tiny");
  std::vector<ShardContents> shards = ReadAll(WriteRun(a, "mixed_a"));
  shards[1] = ReadAll(WriteRun(b, "mixed_b"))[1];
  const absl::Status mixed = MergeShards(shards).status();
  EXPECT_EQ(mixed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(mixed.message(), "scale is \"test\" vs \"tiny\"")) << mixed;
  shards = ReadAll(WriteRun(a, "dup"));
  shards[1] = shards[0];
  EXPECT_EQ(MergeShards(shards).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(MergeShards({}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ShardStoreTest, TornTailIsRecoveredWithItsOffset) {
  const FakeRun run = MakeRun(1);
  const std::string path = WriteRun(run, "torn")[0];
  const std::string image = *ReadFile(path);
  ASSERT_TRUE(WriteFileAtomically(path, image.substr(0, image.size() - 3)).ok());
  const auto shard = ReadShard(path);
  ASSERT_TRUE(shard.ok()) << shard.status();
  EXPECT_TRUE(shard->torn);
  EXPECT_EQ(shard->records.size(), 5u);
  const auto merged = MergeShards({*shard});
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_EQ(merged->warnings.size(), 1u);
  EXPECT_TRUE(absl::StrContains(merged->warnings[0], absl::StrCat("at byte ", shard->valid_bytes)))
      << merged->warnings[0];
  EXPECT_EQ(merged->missing.size(), 1u);
  // Reopening for append cuts the tail and keeps the 5 whole records.
  std::vector<GeneratedRecord> done;
  ASSERT_TRUE(ShardWriter::Open(path, HeaderOf(run, 0), &done).ok());
  EXPECT_EQ(done.size(), 5u);
  EXPECT_EQ(ReadFile(path)->size(), shard->valid_bytes);
}

TEST(ShardStoreTest, CorruptionIsDataLossNamingTheByte) {
  const FakeRun run = MakeRun(1);
  const std::string path = WriteRun(run, "corrupt")[0];
  std::string image = *ReadFile(path);
  image[image.size() / 2] ^= 0x55;
  ASSERT_TRUE(WriteFileAtomically(path, image).ok());
  const absl::Status s = ReadShard(path).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(absl::StrContains(s.message(), "at byte")) << s;
  EXPECT_EQ(ShardWriter::Open(path, HeaderOf(run, 0), nullptr).status().code(),
            absl::StatusCode::kDataLoss);
  ASSERT_TRUE(WriteFileAtomically(path, "AIMCREC1").ok());
  EXPECT_EQ(ReadShard(path).status().code(), absl::StatusCode::kDataLoss);
}

// A full disk (here a file-size limit) fails the append with a Status; the
// records already in the file are intact.
TEST(ShardStoreTest, FullDiskKeepsWhatWasWritten) {
  const FakeRun run = MakeRun(1);
  const std::string path = TempPath("full.records");
  std::remove(path.c_str());
  auto writer = ShardWriter::Open(path, HeaderOf(run, 0), nullptr);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->Append(RecordOf(run.cells[0])).ok());
  const size_t size = ReadFile(path)->size();
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = size + 10;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  absl::Status full = absl::OkStatus();
  for (int i = 1; i < 6 && full.ok(); ++i) full = writer->Append(RecordOf(run.cells[i]));
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
  EXPECT_EQ(full.code(), absl::StatusCode::kUnavailable) << full;
  EXPECT_TRUE(absl::StrContains(full.message(), "full.records")) << full;
  const auto shard = ReadShard(path);
  ASSERT_TRUE(shard.ok()) << shard.status();
  EXPECT_EQ(shard->records.size(), 1u);
}

}  // namespace
}  // namespace aimc::experiments
