// bazel run //experiments/analognas_bench:merge -- --shards=DIR|FILE,FILE,...
//     --output=FILE [--provenance=FILE.tsv] [--require_complete]
// Merges the shard files of one generation into one benchmark file (read by
// //nas:query, //nas/search:run_search and analysis/): each class
// representative's record fans out to every cell of its isomorphism class.
// Shards of different runs are refused; a torn shard tail is skipped (its byte
// offset printed); missing cells and shards are listed.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "boost/crc.hpp"
#include "common/file.h"
#include "experiments/analognas_bench/shard_store.h"

ABSL_FLAG(std::string, shards, "", "a directory of shard-*.records files, or comma-separated files");
ABSL_FLAG(std::string, output, "", "benchmark file to write (atomically)");
ABSL_FLAG(std::string, provenance, "", "per-record provenance table (TSV); default OUTPUT.provenance.tsv");
ABSL_FLAG(bool, require_complete, false, "exit non-zero when cells or shards are missing");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Merges AnalogNAS-Bench shard files into one benchmark file.");
  absl::ParseCommandLine(argc, argv);
  const std::string spec = absl::GetFlag(FLAGS_shards);
  const std::string output = absl::GetFlag(FLAGS_output);
  if (spec.empty() || output.empty()) {
    std::fprintf(stderr, "merge: --shards=DIR|FILES and --output=FILE are required\n");
    return 1;
  }
  std::vector<std::string> paths;
  std::error_code error;
  if (std::filesystem::is_directory(spec, error)) {
    for (const auto& entry : std::filesystem::directory_iterator(spec, error)) {
      const std::string name = entry.path().filename().string();
      if (absl::StartsWith(name, "shard-") && absl::EndsWith(name, ".records")) {
        paths.push_back(entry.path().string());
      }
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
      std::fprintf(stderr, "merge: no shard-*.records files in %s\n", spec.c_str());
      return 1;
    }
  } else {
    paths = absl::StrSplit(spec, ',', absl::SkipEmpty());
  }
  std::vector<aimc::experiments::ShardContents> shards;
  for (const std::string& path : paths) {
    auto shard = aimc::experiments::ReadShard(path);
    if (!shard.ok()) {
      std::fprintf(stderr, "merge: %s\n", shard.status().ToString().c_str());
      return 1;
    }
    shards.push_back(*std::move(shard));
  }
  const auto merged = aimc::experiments::MergeShards(shards);
  if (!merged.ok()) {
    std::fprintf(stderr, "merge: %s\n", merged.status().ToString().c_str());
    return 1;
  }
  for (const std::string& w : merged->warnings) std::fprintf(stderr, "merge: warning: %s\n", w.c_str());
  if (const absl::Status saved = merged->store.Save(output); !saved.ok()) {
    std::fprintf(stderr, "merge: %s\n", saved.ToString().c_str());
    return 1;
  }
  std::string tsv = absl::GetFlag(FLAGS_provenance);
  if (tsv.empty()) tsv = output + ".provenance.tsv";
  if (const absl::Status saved = aimc::WriteFileAtomically(tsv, merged->provenance_tsv); !saved.ok()) {
    std::fprintf(stderr, "merge: %s\n", saved.ToString().c_str());
    return 1;
  }
  // A digest of the records without the header (which carries dates): equal
  // digests mean bit-identical records, e.g. a sharded and a local run.
  boost::crc_32_type crc;
  const std::vector<std::string> records = merged->store.SerializeRecords();
  for (size_t i = 1; i < records.size(); ++i) crc.process_bytes(records[i].data(), records[i].size());
  const int total = shards[0].header.cell_lex_indices_size();
  std::printf("%s: %d class representatives of %d -> %d cells (%s); provenance %s\n",
              output.c_str(), merged->representatives, total, merged->store.size(),
              merged->store.provenance().scale().c_str(), tsv.c_str());
  std::printf("records digest: crc32 %08x over %zu records\n", crc.checksum(), records.size() - 1);
  for (const std::string& s : merged->missing_shards) std::printf("missing: %s\n", s.c_str());
  if (!merged->missing.empty()) {
    std::printf("missing: %zu cells, e.g.", merged->missing.size());
    for (size_t i = 0; i < merged->missing.size() && i < 5; ++i) {
      std::printf(" %s", merged->missing[i].ToTupleString().c_str());
    }
    std::printf("\n");
  }
  const bool complete = merged->missing.empty() && merged->missing_shards.empty();
  return complete || !absl::GetFlag(FLAGS_require_complete) ? 0 : 1;
}
