#include "experiments/analognas_bench/shard_store.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/cell_selection.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/message_differencer.h"

namespace aimc::experiments {
namespace {

using google::protobuf::FieldDescriptor;

// The value of a scalar or repeated field as text, for error messages.
std::string FieldText(const ShardHeader& h, const FieldDescriptor* f) {
  const auto* r = h.GetReflection();
  if (f->is_repeated()) return absl::StrCat(r->FieldSize(h, f), " values");
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return absl::StrCat("\"", r->GetString(h, f), "\"");
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(r->GetInt32(h, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(r->GetUInt64(h, f));
    default:
      return "?";
  }
}

absl::StatusOr<ShardContents> ParseShard(absl::string_view path, RecoveredRecords recovered) {
  ShardContents out;
  out.path = std::string(path);
  out.torn = recovered.torn;
  out.valid_bytes = recovered.valid_bytes;
  out.file_bytes = recovered.file_bytes;
  if (recovered.records.empty() || !out.header.ParseFromString(recovered.records[0]) ||
      out.header.format() != kShardFormat) {
    return absl::DataLossError(absl::StrCat(
        path, ": not an AnalogNAS-Bench shard (record 0 is not a '", kShardFormat, "' header)"));
  }
  for (size_t i = 1; i < recovered.records.size(); ++i) {
    GeneratedRecord r;
    if (!r.ParseFromString(recovered.records[i]) || r.record().ops_size() != nas::kNumEdges) {
      return absl::DataLossError(
          absl::StrCat(path, ": record ", i, " is not a generated cell record"));
    }
    out.records.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string ShardFileName(int index, int count) {
  return absl::StrFormat("shard-%05d-of-%05d.records", index, count);
}

absl::Status CheckSameRun(const ShardHeader& a, const ShardHeader& b, absl::string_view what) {
  const auto* d = ShardHeader::descriptor();
  const auto* reflection = a.GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->number() == ShardHeader::kShardIndexFieldNumber) continue;
    // This field alone of each header, compared as messages.
    ShardHeader fa = a, fb = b;
    for (int j = 0; j < d->field_count(); ++j) {
      if (j == i) continue;
      reflection->ClearField(&fa, d->field(j));
      reflection->ClearField(&fb, d->field(j));
    }
    if (!google::protobuf::util::MessageDifferencer::Equals(fa, fb)) {
      return absl::FailedPreconditionError(absl::StrCat(
          what, ": not the same run: ", f->name(), " is ", FieldText(a, f), " vs ",
          FieldText(b, f), " (shards of one run share scale, seed, recipe, cell list and settings)"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ShardWriter> ShardWriter::Open(absl::string_view path, const ShardHeader& header,
                                              std::vector<GeneratedRecord>* done) {
  std::vector<GeneratedRecord> records;
  std::optional<RecordWriter> writer;
  if (!FileExists(path)) {
    ASSIGN_OR_RETURN(writer, RecordWriter::Create(path));
    RETURN_IF_ERROR(writer->Write(header.SerializeAsString()));
    RETURN_IF_ERROR(writer->Flush());
  } else {
    std::vector<std::string> existing;
    ASSIGN_OR_RETURN(writer, RecordWriter::OpenForAppend(path, &existing));
    RecoveredRecords recovered;
    recovered.records = std::move(existing);
    ASSIGN_OR_RETURN(ShardContents contents, ParseShard(path, std::move(recovered)));
    RETURN_IF_ERROR(CheckSameRun(contents.header, header, path));
    if (contents.header.shard_index() != header.shard_index()) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": holds shard ", contents.header.shard_index(), ", not ", header.shard_index()));
    }
    records = std::move(contents.records);
  }
  ShardWriter out(*std::move(writer));
  out.path_ = std::string(path);
  for (const GeneratedRecord& g : records) {
    ASSIGN_OR_RETURN(const nas::Cell cell, nas::Cell::FromCodes(g.record().ops()));
    out.by_cell_.emplace(cell.LexIndex(), g);  // a repeat (MergeShards checks it) is ignored
  }
  if (done != nullptr) *done = std::move(records);
  return out;
}

absl::StatusOr<GeneratedRecord> ShardWriter::FindRecord(const nas::Cell& cell) const {
  const auto it = by_cell_.find(cell.LexIndex());
  if (it == by_cell_.end()) {
    return absl::NotFoundError(
        absl::StrCat(path_, ": no record of cell ", cell.ToTupleString()));
  }
  return it->second;
}

absl::Status ShardWriter::Append(const GeneratedRecord& record) {
  absl::StatusOr<nas::Cell> cell = nas::Cell::FromCodes(record.record().ops());
  if (!cell.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": record to append: ops: ", cell.status().message()));
  }
  if (by_cell_.contains(cell->LexIndex())) {
    return absl::AlreadyExistsError(
        absl::StrCat(path_, ": already has cell ", cell->ToTupleString()));
  }
  RETURN_IF_ERROR(writer_.Write(record.SerializeAsString()));
  RETURN_IF_ERROR(writer_.Flush());
  by_cell_.emplace(cell->LexIndex(), record);
  return absl::OkStatus();
}

absl::StatusOr<ShardContents> ReadShard(absl::string_view path) {
  ASSIGN_OR_RETURN(RecoveredRecords recovered, ReadRecordsRecovering(path));
  return ParseShard(path, std::move(recovered));
}

absl::StatusOr<MergeResult> MergeShards(absl::Span<const ShardContents> shards) {
  if (shards.empty()) return absl::InvalidArgumentError("merge: no shard files given");
  const ShardHeader& first = shards[0].header;
  std::map<int, const ShardContents*> by_index;
  for (const ShardContents& s : shards) {
    RETURN_IF_ERROR(CheckSameRun(first, s.header, absl::StrCat(shards[0].path, " and ", s.path)));
    auto [it, inserted] = by_index.emplace(s.header.shard_index(), &s);
    if (!inserted) {
      return absl::FailedPreconditionError(absl::StrCat(it->second->path, " and ", s.path,
                                                        " are both shard ",
                                                        s.header.shard_index()));
    }
  }
  MergeResult out;
  const int n = first.num_shards();
  // Which shard each representative belongs to.
  absl::flat_hash_map<int, int> shard_of;  // lex index -> shard
  for (int p = 0; p < first.cell_lex_indices_size(); ++p) {
    shard_of[first.cell_lex_indices(p)] = n > 0 ? p % n : 0;
  }
  std::map<int, GeneratedRecord> records;  // by lex index: deterministic order
  for (const auto& [index, s] : by_index) {
    if (s->torn) {
      out.warnings.push_back(absl::StrCat(s->path, ": torn record at byte ", s->valid_bytes,
                                          " of ", s->file_bytes, " (cut off; ",
                                          s->records.size(), " whole records kept)"));
    }
    for (const GeneratedRecord& g : s->records) {
      ASSIGN_OR_RETURN(const nas::Cell cell, nas::Cell::FromCodes(g.record().ops()));
      const auto where = shard_of.find(cell.LexIndex());
      if (where == shard_of.end() || where->second != index) {
        return absl::InvalidArgumentError(absl::StrCat(s->path, ": cell ", cell.ToTupleString(),
                                                       " is not in shard ", index,
                                                       "'s cell list"));
      }
      auto [it, inserted] = records.emplace(cell.LexIndex(), g);
      if (!inserted && !google::protobuf::util::MessageDifferencer::Equals(it->second.record(),
                                                                          g.record())) {
        return absl::InvalidArgumentError(
            absl::StrCat(s->path, ": two different records of cell ", cell.ToTupleString()));
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    if (!by_index.contains(i)) out.missing_shards.push_back(absl::StrCat("shard ", i, " of ", n));
  }
  for (int lex : first.cell_lex_indices()) {
    if (!records.contains(lex)) out.missing.push_back(nas::AllCells()[lex]);
  }
  std::set<std::string> versions;
  std::string latest_date;
  out.provenance_tsv =
      "cell\tclass_size\tcode_version\tscale\tseed\tthreads\tmachine\twall_time_s\tdate\tphases_s\n";
  for (const auto& [lex, g] : records) {
    const nas::Cell rep = nas::AllCells()[lex];
    const CellClass& cls = AllCellClasses()[CellClassIndex(rep)];
    for (const nas::Cell& member : cls.members) {
      nas::ArchRecord r = g.record();
      r.clear_ops();
      r.clear_arch();
      r.clear_arch_index();
      for (int code : member.Codes()) r.add_ops(code);
      RETURN_IF_ERROR(out.store.Add(r));
    }
    ++out.representatives;
    versions.insert(g.code_version());
    latest_date = std::max(latest_date, g.date());
    absl::StrAppendFormat(&out.provenance_tsv, "%s\t%d\t%s\t%s\t%d\t%d\t%s\t%.1f\t%s\t%s\n",
                          rep.ToTupleString(), cls.members.size(), g.code_version(), g.scale(),
                          g.seed(), g.threads(), g.machine(), g.wall_time_s(), g.date(),
                          absl::StrJoin(g.phases(), ","));
  }
  nas::Provenance& p = *out.store.mutable_provenance();
  p.set_dataset(first.dataset());
  p.set_scale(first.scale_description());
  p.add_seeds(first.seed());
  p.set_seeds_note("one seed for every cell: init and training order; +1 test augmentation, "
                   "+2 PTQ, +3 QAT (experiments/analognas_bench/evaluate_cell.cc)");
  p.set_simulator_preset(first.simulator_preset());
  p.set_date(latest_date);
  p.set_code_version(absl::StrJoin(versions, ","));
  p.set_source(absl::StrCat(
      "bazel run //experiments/analognas_bench:generate -- --cells=", first.cells(),
      " --scale=", first.scale(), " --seed=", first.seed(), " (recipe ", first.recipe(),
      first.settings().empty() ? "" : absl::StrCat("; ", first.settings()), "), ", n,
      " shards merged: ", out.representatives, " of ", first.cell_lex_indices_size(),
      " class representatives -> ", out.store.size(), " cells"));
  return out;
}

}  // namespace aimc::experiments
