#include "experiments/analognas_bench/evaluate_cell.h"

#include <cmath>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/analog/analog_eval.h"
#include "training/analog/hwt.h"
#include "training/analog/hwt_recipe.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"
#include "training/data/named_dataset.h"
#include "training/evaluate.h"
#include "training/quantization/ptq.h"
#include "training/quantization/qat.h"
#include "training/trainer.h"

namespace aimc::experiments {
namespace {

using training::Dataset;
using training::EvalResult;

// The pieces every phase needs.
struct Context {
  const EvaluateCellOptions& options;
  const ScaleSettings& scale;
  nas::Cell cell;
  networks::Nb201Config net_config;
  training::AugmentConfig train_augment, test_augment;
  std::FILE* log;
  CellReport* report;
};

absl::StatusOr<networks::Network> NewNetwork(const Context& c) {
  ASSIGN_OR_RETURN(networks::Nb201Network net, networks::CreateNb201Network(c.cell, c.net_config));
  return networks::AsNetwork(net);
}

// A second instance holding `from`'s trained state (the reference's deepcopy).
absl::StatusOr<networks::Network> CopyOf(const Context& c, networks::Network& from) {
  ASSIGN_OR_RETURN(networks::Network copy, NewNetwork(c));
  RETURN_IF_ERROR(networks::CopyModuleState(*from, *copy));
  return copy;
}

training::EvalConfig EvalFor(const Context& c) {
  training::EvalConfig ec;
  ec.repetitions = c.scale.repetitions;
  ec.num_threads = c.options.threads;
  ec.seed = c.options.seed + 1;
  ec.augment = c.test_augment;
  return ec;
}

training::TrainerConfig TrainerFor(const Context& c, int epochs) {
  training::TrainerConfig tc;
  tc.epochs = epochs;
  tc.batch_size = c.scale.batch_size;
  tc.seed = c.options.seed;
  tc.num_threads = c.options.threads;
  tc.augment = c.train_augment;
  tc.log = c.log;
  return tc;
}

void Log(const Context& c, const std::string& line) {
  if (c.log != nullptr) std::fprintf(c.log, "[evaluate_cell] %s\n", line.c_str());
}

// Runs one phase, timing it under `name`.
template <typename F>
auto Phase(Context& c, const std::string& name, F f) -> decltype(f()) {
  Log(c, absl::StrCat(name, " ..."));
  const absl::Time start = absl::Now();
  auto result = f();
  c.report->phase_times.emplace_back(name, absl::Now() - start);
  return result;
}

void SetDrift(const std::vector<training::DriftEvalResult>& drift,
              google::protobuf::RepeatedPtrField<nas::DriftMetric>* out) {
  for (const training::DriftEvalResult& d : drift) {
    nas::DriftMetric* m = out->Add();
    m->set_time_s(d.t_inference_s);
    m->set_mean(d.result.mean_accuracy_pct);
    m->set_std(d.result.std_accuracy_pct);
  }
}

}  // namespace

absl::StatusOr<ScaleSettings> ResolveScale(absl::string_view name) {
  ScaleSettings s;
  s.name = std::string(name);
  if (name == "paper") {
    s.data = "cifar10";
    s.description = "the paper's protocol (nas_spec.md §4): CIFAR-10 32x32, all images";
    return s;
  }
  if (name == "small") {
    s.data = "fashion_mnist";
    s.channels = 16;
    s.cells_per_stage = 2;
    s.train_images = 20000;
    s.test_images = 2000;
    s.epochs = 15;
    s.qat_epochs = 3;
    s.hwt_epochs = 5;
    s.repetitions = 10;
    s.qat_validates_on_test = false;
    s.description =
        "small: C=16 N=2, 20,000 train / 2,000 test images at 32x32, 15 epochs, 3 QAT and 5 HWT "
        "epochs, 10 passes (paper: CIFAR-10 all, C=16 N=5, 200/20/200 epochs, 25 passes)";
    return s;
  }
  if (name == "test") {
    s.data = "fashion_mnist";
    s.image_size = 16;
    s.channels = 4;
    s.cells_per_stage = 1;
    s.train_images = 256;
    s.test_images = 128;
    s.epochs = 1;
    s.batch_size = 64;
    s.qat_epochs = 1;
    s.hwt_epochs = 1;
    s.repetitions = 2;
    s.qat_validates_on_test = false;
    s.description =
        "test: C=4 N=1, 256 train / 128 test images at 16x16, 1 epoch, batch 64, 1 QAT and 1 "
        "HWT epoch, 2 passes (for tests of the tools; numbers mean nothing)";
    return s;
  }
  if (name == "tiny") {
    s.data = "fashion_mnist";
    s.image_size = 16;
    s.channels = 8;
    s.cells_per_stage = 1;
    s.train_images = 4000;
    s.test_images = 1000;
    s.epochs = 4;
    s.batch_size = 128;
    s.qat_epochs = 1;
    s.hwt_epochs = 2;
    s.repetitions = 5;
    s.qat_validates_on_test = false;
    s.description =
        "tiny: C=8 N=1, 4,000 train / 1,000 test images at 16x16, 4 epochs, batch 128, 1 QAT "
        "and 2 HWT epochs, 5 passes (paper: CIFAR-10 32x32 all, C=16 N=5, 200/20/200 epochs, "
        "batch 256, 25 passes)";
    return s;
  }
  return absl::NotFoundError(
      absl::StrCat("--scale: unknown scale \"", name, "\"; known: test, tiny, small, paper"));
}

absl::StatusOr<ScaleSettings> EffectiveScale(const EvaluateCellOptions& o) {
  ASSIGN_OR_RETURN(ScaleSettings scale, ResolveScale(o.scale));
  if (o.epochs > 0) scale.epochs = o.epochs;
  if (o.qat_epochs > 0) scale.qat_epochs = o.qat_epochs;
  if (o.hwt_epochs > 0) scale.hwt_epochs = o.hwt_epochs;
  if (o.repetitions > 0) scale.repetitions = o.repetitions;
  if (o.train_images > 0) scale.train_images = o.train_images;
  if (o.test_images > 0) scale.test_images = o.test_images;
  if (o.threads < 1 || o.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be 1..256, got ", o.threads));
  }
  return scale;
}

absl::StatusOr<CellData> LoadCellData(const EvaluateCellOptions& o) {
  ASSIGN_OR_RETURN(const ScaleSettings scale, EffectiveScale(o));
  training::NamedDatasetOptions data;
  data.name = o.data.empty() ? scale.data : o.data;
  data.dir = o.data_dir;
  data.image_size = scale.image_size;
  data.max_images = scale.train_images;
  ASSIGN_OR_RETURN(Dataset train, LoadNamedDataset(data, training::Split::kTrain));
  data.max_images = scale.test_images;
  ASSIGN_OR_RETURN(Dataset test, LoadNamedDataset(data, training::Split::kTest));
  return CellData{std::move(train), std::move(test)};
}

absl::StatusOr<CellReport> EvaluateCell(const EvaluateCellOptions& o, std::FILE* log) {
  // Bad options fail before the data loads.
  RETURN_IF_ERROR(EffectiveScale(o).status());
  RETURN_IF_ERROR(nas::ParseArch(o.arch).status());
  ASSIGN_OR_RETURN(const CellData data, LoadCellData(o));
  return EvaluateCell(o, data, log);
}

absl::StatusOr<CellReport> EvaluateCell(const EvaluateCellOptions& o, const CellData& data,
                                        std::FILE* log) {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const ScaleSettings scale, EffectiveScale(o));
  ASSIGN_OR_RETURN(const nas::Cell cell, nas::ParseArch(o.arch));
  ASSIGN_OR_RETURN(const training::HwtRecipe recipe, training::LoadHwtRecipe(o.recipe));
  ASSIGN_OR_RETURN(const crossbar::TileConfig tile, crossbar::LoadTileConfig(recipe.tile_preset()));
  const Dataset& train = data.train;
  const Dataset& test = data.test;

  CellReport report;
  Context c{o, scale, cell, {}, {}, {}, log, &report};
  c.net_config.stem_channels = scale.channels;
  c.net_config.cells_per_stage = scale.cells_per_stage;
  c.net_config.num_classes = train.num_classes();
  c.net_config.input_channels = train.shape().channels;
  c.net_config.init_seed = o.seed;
  // AnalogNAS-Bench's one transform for train and test (§4.1): crop with a
  // 4-px border at 32x32 (2 px at 16x16), flip, x -> 2x - 1.
  c.train_augment = training::PresetAugmentConfig(training::AugmentPreset::kAnalogNasBench,
                                                  training::Split::kTrain, {});
  c.train_augment.crop_padding = scale.image_size / 8;
  c.test_augment = c.train_augment;

  ASSIGN_OR_RETURN(networks::Network fp, NewNetwork(c));
  nas::ArchRecord& r = report.record;
  for (int code : cell.Codes()) r.add_ops(code);
  r.set_arch(cell.ToString());
  r.set_params(fp->ParamCount());
  ASSIGN_OR_RETURN(const int64_t macs, fp->MacCount(scale.image_size, scale.image_size));
  r.set_flops(macs);

  report.header_lines = {
      absl::StrCat("data: ", train.name(), " ", train.size(), " / ", test.name(), " ",
                   test.size(), " images, ", training::ShapeString(train.shape()), " [",
                   train.provenance(), "]"),
      absl::StrCat("scale: ", scale.description),
      absl::StrCat("cell: ", cell.ToTupleString(), " = ", cell.ToString(), ", ",
                   r.params(), " parameters, ", macs, " MACs/image"),
      absl::StrCat("analog: HWT recipe ", o.recipe, " on tile preset ", recipe.tile_preset(),
                   o.fresh_programming ? ", fresh programming per drift repetition"
                                       : ", one programming instance (the reference)"),
      absl::StrCat("machine: ", MachineDescription(o.threads)),
      absl::StrCat("seed: ", o.seed)};
  for (const std::string& line : report.header_lines) Log(c, line);

  // Digital baseline (§4.2).
  RETURN_IF_ERROR(Phase(c, "baseline training", [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto trainer, training::Trainer::Create(fp, &train, TrainerFor(c, scale.epochs)));
    return trainer->Train();
  }));
  ASSIGN_OR_RETURN(const EvalResult baseline,
                   Phase(c, "baseline evaluation", [&] { return training::Evaluate(fp, test, EvalFor(c)); }));
  r.set_baseline_accuracy(baseline.mean_accuracy_pct);

  // PTQ (§4.3): calibrated on the augmented test set, as the reference.
  ASSIGN_OR_RETURN(const EvalResult ptq, Phase(c, "PTQ", [&]() -> absl::StatusOr<EvalResult> {
    ASSIGN_OR_RETURN(networks::Network q, CopyOf(c, fp));
    training::PtqOptions po;
    po.augment = c.test_augment;
    po.seed = o.seed + 2;
    po.num_threads = o.threads;
    RETURN_IF_ERROR(training::QuantizePostTraining(q, test, po));
    return training::Evaluate(q, test, EvalFor(c));
  }));
  r.set_ptq_accuracy(ptq.mean_accuracy_pct);

  // QAT (§4.4).
  ASSIGN_OR_RETURN(const EvalResult qat, Phase(c, "QAT", [&]() -> absl::StatusOr<EvalResult> {
    ASSIGN_OR_RETURN(networks::Network q, CopyOf(c, fp));
    training::QatOptions qo;
    qo.epochs = scale.qat_epochs;
    qo.validation = scale.qat_validates_on_test ? training::QatOptions::Validation::kTestSet
                                                : training::QatOptions::Validation::kSplit;
    qo.batch_size = scale.batch_size;
    qo.augment = c.train_augment;
    qo.seed = o.seed + 3;
    qo.num_threads = o.threads;
    qo.log = log;
    RETURN_IF_ERROR(training::QuantizationAwareTraining(q, train, &test, qo));
    return training::Evaluate(q, test, EvalFor(c));
  }));
  r.set_qat_accuracy(qat.mean_accuracy_pct);

  // Noisy (§4.5), then HWT on the same analog model (§4.6).
  ASSIGN_OR_RETURN(networks::Network analog, CopyOf(c, fp));
  RETURN_IF_ERROR(training::ConvertForHwt(analog, tile, recipe, o.seed));
  ASSIGN_OR_RETURN(const EvalResult noisy, Phase(c, "noisy evaluation", [&] {
    return training::EvaluateNoisy(analog, test, EvalFor(c));
  }));
  r.set_noisy_accuracy(noisy.mean_accuracy_pct);
  RETURN_IF_ERROR(Phase(c, "HWT", [&] {
    return training::TrainHardwareAware(analog, train, recipe, TrainerFor(c, scale.hwt_epochs));
  }));
  ASSIGN_OR_RETURN(const EvalResult hwt, Phase(c, "analog evaluation", [&] {
    return training::EvaluateNoisy(analog, test, EvalFor(c));
  }));
  r.set_analog_accuracy(hwt.mean_accuracy_pct);

  // Drift (§4.7): a fresh conversion of the digital model, and the HWT model.
  training::DriftEvalConfig dc;
  dc.eval = EvalFor(c);
  dc.times_s.assign(nas::kDriftTimesS.begin(), nas::kDriftTimesS.end());
  dc.fresh_programming = o.fresh_programming;
  ASSIGN_OR_RETURN(networks::Network converted, CopyOf(c, fp));
  RETURN_IF_ERROR(training::ConvertForHwt(converted, tile, recipe, o.seed + 1));
  ASSIGN_OR_RETURN(const auto noisy_drift, Phase(c, "drift (noisy branch)", [&] {
    return training::EvaluateDrift(converted, test, dc);
  }));
  SetDrift(noisy_drift, r.mutable_noisy_drift());
  ASSIGN_OR_RETURN(const auto analog_drift, Phase(c, "drift (HWT branch)", [&] {
    return training::EvaluateDrift(analog, test, dc);
  }));
  SetDrift(analog_drift, r.mutable_analog_drift());

  nas::Provenance& p = report.provenance;
  p.set_dataset(train.name().substr(0, train.name().find('/')));
  p.set_scale(scale.description);
  p.add_seeds(o.seed);
  p.set_seeds_note("init and training order; +1 test augmentation, +2 PTQ, +3 QAT");
  p.set_simulator_preset(recipe.tile_preset());
  p.set_date(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()));
  p.set_source(absl::StrCat("bazel run //experiments/analognas_bench:evaluate_cell -- --scale=",
                            scale.name, " (HWT recipe ", o.recipe, ")"));
  report.total_time = absl::Now() - start;
  return report;
}

absl::StatusOr<bool> HasRecord(const std::string& path, absl::string_view arch) {
  absl::StatusOr<nas::BenchmarkStore> store = nas::BenchmarkStore::Load(path);
  if (absl::IsNotFound(store.status())) return false;
  RETURN_IF_ERROR(store.status());
  ASSIGN_OR_RETURN(const nas::Cell cell, nas::ParseArch(arch));
  return store->Find(cell) != nullptr;
}

absl::Status AppendRecord(const std::string& path, const CellReport& report) {
  absl::StatusOr<nas::BenchmarkStore> loaded = nas::BenchmarkStore::Load(path);
  nas::BenchmarkStore store;
  if (loaded.ok()) {
    store = *std::move(loaded);
    const nas::Provenance& have = store.provenance();
    const nas::Provenance& add = report.provenance;
    if (have.dataset() != add.dataset() || have.scale() != add.scale() ||
        have.simulator_preset() != add.simulator_preset()) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": holds records of another protocol (", have.dataset(), ", ",
          have.simulator_preset(), ", ", have.scale(), "); write to another --output"));
    }
  } else if (absl::IsNotFound(loaded.status())) {
    *store.mutable_provenance() = report.provenance;
  } else {
    return loaded.status();
  }
  absl::Status added = store.Add(report.record);
  if (absl::IsInvalidArgument(added) && absl::StrContains(added.message(), "duplicate cell")) {
    return absl::AlreadyExistsError(added.message());
  }
  RETURN_IF_ERROR(added);
  return store.Save(path);
}

std::string FormatCellReport(const CellReport& report) {
  const nas::ArchRecord& r = report.record;
  std::string out = absl::StrCat(absl::StrJoin(report.header_lines, "\n"), "\n");
  absl::StrAppendFormat(&out, "baseline_accuracy %.2f\nptq_accuracy %.2f\nqat_accuracy %.2f\n",
                        r.baseline_accuracy(), r.ptq_accuracy(), r.qat_accuracy());
  absl::StrAppendFormat(&out, "noisy_accuracy %.2f\nanalog_accuracy %.2f\n", r.noisy_accuracy(),
                        r.analog_accuracy());
  const char* names[] = {"60s", "1h", "1d", "30d"};
  for (int i = 0; i < r.noisy_drift_size() && i < 4; ++i) {
    absl::StrAppendFormat(&out, "noisy_drift_%s %.2f ± %.2f   analog_drift_%s %.2f ± %.2f\n",
                          names[i], r.noisy_drift(i).mean(), r.noisy_drift(i).std(), names[i],
                          r.analog_drift(i).mean(), r.analog_drift(i).std());
  }
  absl::StrAppendFormat(&out, "params %d, MACs %d\n", r.params(), r.flops());
  std::vector<std::string> phases;
  for (const auto& [name, time] : report.phase_times) {
    phases.push_back(absl::StrFormat("%s %.1f s", name, absl::ToDoubleSeconds(time)));
  }
  absl::StrAppendFormat(&out, "wall time: %.1f s (%s)\n", absl::ToDoubleSeconds(report.total_time),
                        absl::StrJoin(phases, ", "));
  return out;
}

}  // namespace aimc::experiments
