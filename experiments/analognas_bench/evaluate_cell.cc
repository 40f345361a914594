#include "experiments/analognas_bench/evaluate_cell.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "experiments/analognas_bench/phases.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/analog/analog_eval.h"
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

// Every accuracy: the scale's passes with the benchmark's test-time augmentation.
training::EvalConfig EvalFor(const Context& c) {
  training::EvalConfig ec;
  ec.repetitions = c.scale.repetitions;
  ec.num_threads = c.options.threads;
  ec.seed = c.options.seed + kTestAugmentSeedOffset;
  ec.augment = c.test_augment;
  return ec;
}

training::TrainerConfig TrainerFor(const Context& c, int epochs) {
  training::TrainerConfig tc;  // optimizer: the defaults (§4.2)
  tc.schedule.epochs = epochs;
  tc.logging.log = c.log;
  tc.batch_size = c.scale.batch_size;
  tc.seed = c.options.seed;
  tc.num_threads = c.options.threads;
  tc.augment = c.train_augment;
  return tc;
}

// PTQ (§4.3): calibrated on the augmented test set, as the reference.
training::PtqOptions PtqFor(const Context& c) {
  training::PtqOptions po;
  po.augment = c.test_augment;
  po.seed = c.options.seed + kPtqCalibrationSeedOffset;
  po.num_threads = c.options.threads;
  return po;
}

// QAT (§4.4): validated on the test set (the reference) or a split, as the scale says.
training::QatOptions QatFor(const Context& c) {
  training::QatOptions qo;
  qo.epochs = c.scale.qat_epochs;
  qo.validation = c.scale.qat_validates_on_test ? training::QatOptions::Validation::kTestSet
                                                : training::QatOptions::Validation::kSplit;
  qo.batch_size = c.scale.batch_size;
  qo.augment = c.train_augment;
  qo.seed = c.options.seed + kQatSeedOffset;
  qo.num_threads = c.options.threads;
  qo.log = c.log;
  return qo;
}

// Drift (§4.7) at the benchmark's times.
training::DriftEvalConfig DriftFor(const Context& c) {
  training::DriftEvalConfig dc;
  dc.eval = EvalFor(c);
  dc.times_s.assign(nas::kDriftTimesS.begin(), nas::kDriftTimesS.end());
  dc.fresh_programming = c.options.fresh_programming;
  return dc;
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

Context MakeContext(const EvaluateCellOptions& o, const ScaleSettings& scale,
                    const nas::Cell& cell, const Dataset& train, std::FILE* log,
                    CellReport* report) {
  Context c{o, scale, cell, {}, {}, {}, log, report};
  c.net_config.stem_channels = scale.channels;
  c.net_config.cells_per_stage = scale.cells_per_stage;
  c.net_config.num_classes = train.num_classes();
  c.net_config.input_channels = train.shape().channels;
  c.net_config.init_seed = o.seed + kInitSeedOffset;
  // AnalogNAS-Bench's one transform for train and test (§4.1): crop with a
  // 4-px border at 32x32 (2 px at 16x16), flip, x -> 2x - 1.
  c.train_augment = training::PresetAugmentConfig(training::AugmentPreset::kAnalogNasBench,
                                                  training::Split::kTrain, {});
  c.train_augment.crop_padding = scale.image_size / 8;
  c.test_augment = c.train_augment;
  return c;
}

// The record's cell, parameters and MACs (of the untrained `fp`), and the
// header lines, logged.
absl::Status DescribeCell(const Context& c, networks::Network& fp, const CellData& data,
                          const training::HwtRecipe& recipe) {
  const EvaluateCellOptions& o = c.options;
  nas::ArchRecord& r = c.report->record;
  for (int code : c.cell.Codes()) r.add_ops(code);
  r.set_arch(c.cell.ToString());
  r.set_params(fp->ParamCount());
  ASSIGN_OR_RETURN(const int64_t macs, fp->MacCount(c.scale.image_size, c.scale.image_size));
  r.set_flops(macs);
  const Dataset& train = data.train;
  c.report->header_lines = {
      absl::StrCat("data: ", train.name(), " ", train.size(), " / ", data.test.name(), " ",
                   data.test.size(), " images, ", training::ShapeString(train.shape()), " [",
                   train.provenance(), "]"),
      absl::StrCat("scale: ", c.scale.description),
      absl::StrCat("cell: ", c.cell.ToTupleString(), " = ", c.cell.ToString(), ", ", r.params(),
                   " parameters, ", macs, " MACs/image"),
      absl::StrCat("analog: HWT recipe ", o.recipe, " on tile preset ", recipe.tile_preset(),
                   o.fresh_programming ? ", fresh programming per drift repetition"
                                       : ", one programming instance (the reference)"),
      absl::StrCat("machine: ", MachineDescription(o.threads)),
      absl::StrCat("seed: ", o.seed)};
  for (const std::string& line : c.report->header_lines) Log(c, line);
  return absl::OkStatus();
}

void SetProvenance(const Context& c, const Dataset& train, const training::HwtRecipe& recipe) {
  nas::Provenance& p = c.report->provenance;
  p.set_dataset(train.name().substr(0, train.name().find('/')));
  p.set_scale(c.scale.description);
  p.add_seeds(c.options.seed);
  p.set_seeds_note("init and training order; +1 test augmentation, +2 PTQ, +3 QAT");
  p.set_simulator_preset(recipe.tile_preset());
  p.set_date(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()));
  p.set_source(absl::StrCat("bazel run //experiments/analognas_bench:evaluate_cell -- --scale=",
                            c.scale.name, " (HWT recipe ", c.options.recipe, ")"));
}

}  // namespace

absl::StatusOr<ScaleSettings> EffectiveScale(const EvaluateCellOptions& o) {
  ASSIGN_OR_RETURN(ScaleSettings scale, ResolveScale(o.scale));
  if (o.epochs > 0) scale.epochs = o.epochs;
  if (o.qat_epochs > 0) scale.qat_epochs = o.qat_epochs;
  if (o.hwt_epochs > 0) scale.hwt_epochs = o.hwt_epochs;
  if (o.repetitions > 0) scale.repetitions = o.repetitions;
  if (o.train_images > 0) scale.train_images = o.train_images;
  if (o.test_images > 0) scale.test_images = o.test_images;
  if (o.threads < 1 || o.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("threads: must be 1..256, got ", o.threads));
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
  absl::StatusOr<Dataset> train = LoadNamedDataset(data, training::Split::kTrain);
  data.max_images = scale.test_images;
  absl::StatusOr<Dataset> test =
      train.ok() ? LoadNamedDataset(data, training::Split::kTest) : train.status();
  if (!test.ok()) {
    // The data library names no flags; this tool's are --data and --data_dir.
    return absl::Status(test.status().code(),
                        absl::StrCat(test.status().message(), " (pass --data=", data.name,
                                     " --data_dir=<directory of the dataset>)"));
  }
  return CellData{*std::move(train), *std::move(test)};
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
  Context c = MakeContext(o, scale, cell, train, log, &report);
  const NetworkFactory new_network = [&c] { return NewNetwork(c); };
  ASSIGN_OR_RETURN(networks::Network fp, new_network());
  RETURN_IF_ERROR(DescribeCell(c, fp, data, recipe));
  const training::EvalConfig eval = EvalFor(c);
  nas::ArchRecord& r = report.record;

  // The digital baseline (§4.2), then PTQ (§4.3) and QAT (§4.4) of copies.
  RETURN_IF_ERROR(Phase(c, "baseline training", [&] {
    return TrainDigital({.network = fp, .train = &train, .trainer = TrainerFor(c, scale.epochs)});
  }));
  ASSIGN_OR_RETURN(const EvalResult baseline, Phase(c, "baseline evaluation", [&] {
    return training::Evaluate(fp, test, eval);
  }));
  ASSIGN_OR_RETURN(const EvalResult ptq, Phase(c, "PTQ", [&] {
    return Ptq({.trained = fp, .new_network = new_network, .calibration = &test, .test = &test,
                .ptq = PtqFor(c), .eval = eval});
  }));
  ASSIGN_OR_RETURN(const EvalResult qat, Phase(c, "QAT", [&] {
    return Qat({.trained = fp, .new_network = new_network, .train = &train, .test = &test,
                .qat = QatFor(c), .eval = eval});
  }));

  // Noisy (§4.5), then HWT on the same analog model (§4.6).
  ASSIGN_OR_RETURN(networks::Network analog,
                   ConvertToAnalog({.trained = fp, .new_network = new_network, .tile = &tile,
                                    .recipe = &recipe,
                                    .seed = o.seed + kHwtBranchAnalogSeedOffset}));
  ASSIGN_OR_RETURN(const EvalResult noisy, Phase(c, "noisy evaluation", [&] {
    return NoisyEval({.network = analog, .test = &test, .eval = eval});
  }));
  RETURN_IF_ERROR(Phase(c, "HWT", [&] {
    return Hwt({.network = analog, .train = &train, .recipe = &recipe,
                .base = TrainerFor(c, scale.hwt_epochs)});
  }));
  ASSIGN_OR_RETURN(const EvalResult hwt, Phase(c, "analog evaluation", [&] {
    return NoisyEval({.network = analog, .test = &test, .eval = eval});
  }));

  // Drift (§4.7): a fresh conversion of the digital model, and the HWT model.
  ASSIGN_OR_RETURN(networks::Network converted,
                   ConvertToAnalog({.trained = fp, .new_network = new_network, .tile = &tile,
                                    .recipe = &recipe,
                                    .seed = o.seed + kNoisyDriftAnalogSeedOffset}));
  ASSIGN_OR_RETURN(const auto noisy_drift, Phase(c, "drift (noisy branch)", [&] {
    return DriftEval({.network = converted, .test = &test, .drift = DriftFor(c)});
  }));
  ASSIGN_OR_RETURN(const auto analog_drift, Phase(c, "drift (HWT branch)", [&] {
    return DriftEval({.network = analog, .test = &test, .drift = DriftFor(c)});
  }));

  r.set_baseline_accuracy(baseline.mean_accuracy_pct);
  r.set_ptq_accuracy(ptq.mean_accuracy_pct);
  r.set_qat_accuracy(qat.mean_accuracy_pct);
  r.set_noisy_accuracy(noisy.mean_accuracy_pct);
  r.set_analog_accuracy(hwt.mean_accuracy_pct);
  SetDrift(noisy_drift, r.mutable_noisy_drift());
  SetDrift(analog_drift, r.mutable_analog_drift());
  SetProvenance(c, train, recipe);
  report.total_time = absl::Now() - start;
  return report;
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
