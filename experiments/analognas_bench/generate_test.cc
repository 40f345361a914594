// The sharded generation at the `test` scale on 3 cells: two shards merged
// equal one process (records bit-identical, also at another thread count), a
// run stopped after one cell resumes to the same records, and bad input is a
// Status.
#include "experiments/analognas_bench/generate.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "experiments/analognas_bench/shard_store.h"
#include "gtest/gtest.h"
#include "nas/benchmark_store.h"

namespace aimc::experiments {
namespace {

std::string TempDir(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
  if (std::system(absl::StrCat("rm -rf '", path, "'").c_str()) != 0) ADD_FAILURE() << "cannot reset a test directory";
  return path;
}

GenerateOptions Options(const std::string& dir, int index, int count, int threads) {
  GenerateOptions o;
  o.cell.scale = "test";
  o.cell.threads = threads;
  o.cells = "stratified:3";
  o.output_dir = dir;
  o.shard = {index, count};
  o.code_version = "test";
  return o;
}

// The merged benchmark's records (header excluded: it carries dates).
std::vector<std::string> MergedRecords(const std::string& dir, int count) {
  std::vector<ShardContents> shards;
  for (int i = 0; i < count; ++i) {
    auto s = ReadShard(absl::StrCat(dir, "/", ShardFileName(i, count)));
    EXPECT_TRUE(s.ok()) << s.status();
    shards.push_back(*std::move(s));
  }
  auto merged = MergeShards(shards);
  EXPECT_TRUE(merged.ok()) << merged.status();
  EXPECT_TRUE(merged->missing.empty());
  std::vector<std::string> records = merged->store.SerializeRecords();
  records.erase(records.begin());
  return records;
}

TEST(GenerateTest, ShardsResumeAndMergeToTheSameRecords) {
  const std::string one = TempDir("one");
  auto whole = GenerateShard(Options(one, 0, 1, 1), nullptr);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->evaluated, 3);
  const std::vector<std::string> reference = MergedRecords(one, 1);
  ASSERT_FALSE(reference.empty());

  // Two shards, the first stopped after one cell and resumed.
  const std::string two = TempDir("two");
  GenerateOptions first = Options(two, 0, 2, 1);
  first.max_cells = 1;
  auto partial = GenerateShard(first, nullptr);
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_EQ(partial->evaluated, 1);
  first.max_cells = 0;
  auto resumed = GenerateShard(first, nullptr);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->done_before, 1);
  EXPECT_EQ(resumed->evaluated, 1);
  auto again = GenerateShard(first, nullptr);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->evaluated, 0);
  ASSERT_TRUE(GenerateShard(Options(two, 1, 2, 1), nullptr).ok());
  EXPECT_EQ(MergedRecords(two, 2), reference);
}

TEST(GenerateTest, BadInputIsAStatus) {
  const std::string dir = TempDir("bad");
  GenerateOptions o = Options(dir, 0, 1, 1);
  o.cells = "/no/such/list.txt";
  EXPECT_EQ(GenerateShard(o, nullptr).status().code(), absl::StatusCode::kNotFound);
  o = Options(dir, 0, 1, 1);
  o.cell.scale = "huge";
  EXPECT_EQ(GenerateShard(o, nullptr).status().code(), absl::StatusCode::kNotFound);
  o = Options(dir, 0, 1, 1);
  o.max_cells = 1;
  ASSERT_TRUE(GenerateShard(o, nullptr).ok());
  o.cell.seed = 7;  // the same directory, another run
  const absl::Status other = GenerateShard(o, nullptr).status();
  EXPECT_EQ(other.code(), absl::StatusCode::kFailedPrecondition) << other;
  o = Options(dir, 0, 1, 2);  // another thread count is another run
  EXPECT_EQ(GenerateShard(o, nullptr).status().code(), absl::StatusCode::kFailedPrecondition);
  o = Options("/proc/no_such_dir", 0, 1, 1);
  EXPECT_EQ(GenerateShard(o, nullptr).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace aimc::experiments
