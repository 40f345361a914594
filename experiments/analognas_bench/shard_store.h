// Shard files of a sharded AnalogNAS-Bench generation and their merge into one
// benchmark file (generation.proto has the format). No LibTorch.
//
// A run is (scale, seed, recipe, cell list, settings) split into n shards; a
// shard file holds its header and the records of the cells done so far. A kill
// at any point loses at most the cell in progress: records are appended and
// fsynced one at a time, a torn last record is cut off when the shard is
// reopened (and skipped, with its byte offset, when it is merged).
// Errors: FailedPrecondition when a file belongs to another run (naming the
// field that differs), DataLoss for corruption before the tail (naming file and
// byte), Unavailable for IO errors (e.g. a full disk), NotFound for a missing
// file, AlreadyExists for a second record of one cell in a shard.
// Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SHARD_STORE_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SHARD_STORE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/record_io.h"
#include "experiments/analognas_bench/generation.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

namespace aimc::experiments {

inline constexpr absl::string_view kShardFormat = "aimc.analognas_bench.shard/1";

// "shard-00001-of-00004.records".
std::string ShardFileName(int index, int count);

// OK iff `a` and `b` are shards of the same run (every field but the shard
// index equal); otherwise FailedPrecondition naming the first differing field
// and both values, prefixed by `what`.
absl::Status CheckSameRun(const ShardHeader& a, const ShardHeader& b, absl::string_view what);

class ShardWriter {
 public:
  // Opens the shard at `path`, creating it with `header` if absent. An
  // existing shard must have the same header (CheckSameRun, and the same shard
  // index); its records are returned through `done` (may be null).
  static absl::StatusOr<ShardWriter> Open(absl::string_view path, const ShardHeader& header,
                                          std::vector<GeneratedRecord>* done);

  // The shard's record of `cell` (read at Open or appended since); NotFound
  // when the shard has none.
  absl::StatusOr<GeneratedRecord> FindRecord(const nas::Cell& cell) const;

  // Appends one record and makes it durable (fsync) before returning.
  // AlreadyExists (nothing written) when the shard has the record's cell;
  // InvalidArgument for a record without a valid cell.
  absl::Status Append(const GeneratedRecord& record);

 private:
  explicit ShardWriter(RecordWriter writer) : writer_(std::move(writer)) {}
  RecordWriter writer_;
  std::string path_;
  absl::flat_hash_map<int, GeneratedRecord> by_cell_;  // by lexicographic index
};

// A shard as read, a torn tail recovered.
struct ShardContents {
  std::string path;
  ShardHeader header;
  std::vector<GeneratedRecord> records;
  bool torn = false;        // the file ended inside a record
  size_t valid_bytes = 0;   // bytes up to the last whole record
  size_t file_bytes = 0;
};
absl::StatusOr<ShardContents> ReadShard(absl::string_view path);

struct MergeResult {
  nas::BenchmarkStore store;               // every member of every evaluated class
  int representatives = 0;                 // records merged
  std::vector<nas::Cell> missing;          // representatives of the run with no record
  std::vector<std::string> missing_shards; // "shard 2 of 4"
  std::vector<std::string> warnings;       // torn tails recovered, with byte offsets
  std::string provenance_tsv;              // one line per representative
};

// Merges the shards of one run: each record fans out to every member of its
// class (ops and class-independent metrics copied; params and MACs are those of
// the representative's network). FailedPrecondition for shards of different
// runs or two files of the same shard; InvalidArgument for a record whose cell
// is not in its shard's list, or two different records of one cell.
absl::StatusOr<MergeResult> MergeShards(absl::Span<const ShardContents> shards);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SHARD_STORE_H_
