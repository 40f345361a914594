#include "experiments/crossnas/pipeline.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <numeric>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/progress.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "experiments/crossnas/evaluation_cache.h"
#include "experiments/crossnas/quant_training.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/crossnas_search.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/fitness.h"
#include "networks/crossnas/supernet.h"
#include "networks/network.h"
#include "training/crossnas/arch_evaluator.h"
#include "training/crossnas/spos_regime.h"
#include "training/data/augment.h"
#include "training/data/cifar10.h"
#include "training/data/fashion_mnist.h"
#include "training/trainer.h"
#include "training/trainer_config.h"

namespace aimc::experiments::crossnas {
namespace {

using nas::crossnas::ArchGenotype;
using nas::crossnas::CandidateMetrics;
using training::Dataset;

constexpr uint32_t kSplitEntity = 0xC5A1;  // RandomStream entity of the train/val split

absl::Status Invalid(absl::string_view field, absl::string_view rule, absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat("PipelineConfig.", field, ": must be ", rule, ", got ", got));
}

// §3.2: the code's CIFAR-10 statistics.
training::Normalization Cifar10Normalization() {
  return {.mean = {0.4914f, 0.4822f, 0.4465f}, .stddev = {0.2023f, 0.1994f, 0.2010f}};
}

// The examples `indices` of `dataset` as a new dataset.
absl::StatusOr<Dataset> SelectExamples(const Dataset& dataset, absl::Span<const int64_t> indices,
                                       std::string name) {
  const int64_t pixels = dataset.shape().pixels();
  std::vector<uint8_t> labels;
  labels.reserve(indices.size());
  for (int64_t i : indices) labels.push_back(dataset.labels()[i]);
  const std::string provenance =
      absl::StrCat(dataset.provenance(), "; ", indices.size(), " examples selected (", name, ")");
  if (dataset.pixel_type() == training::PixelType::kUint8) {
    std::vector<uint8_t> out;
    out.reserve(indices.size() * pixels);
    for (int64_t i : indices) {
      const auto src = dataset.uint8_pixels().subspan(i * pixels, pixels);
      out.insert(out.end(), src.begin(), src.end());
    }
    return Dataset::Create(std::move(name), provenance, dataset.shape(), dataset.num_classes(),
                           std::move(out), std::move(labels));
  }
  std::vector<float> out;
  out.reserve(indices.size() * pixels);
  for (int64_t i : indices) {
    const auto src = dataset.float_pixels().subspan(i * pixels, pixels);
    out.insert(out.end(), src.begin(), src.end());
  }
  return Dataset::Create(std::move(name), provenance, dataset.shape(), dataset.num_classes(),
                         std::move(out), std::move(labels));
}

std::string FormatDouble(double v) { return absl::StrFormat("%.6g", v); }

// Everything that determines the supernet's weights (not w, not the search sizes).
std::string SupernetKey(const PipelineConfig& c, const PipelineData& data) {
  return absl::StrCat(
      data.description, "|dmax=", c.max_blocks, "|rho=", FormatDouble(c.width_scale),
      "|epochs=", c.epochs, "|batch=", c.batch_size, "|lr=", FormatDouble(c.lr),
      "|mom=", FormatDouble(c.momentum), "|wd=", FormatDouble(c.weight_decay), "|ms=",
      absl::StrJoin(c.lr_milestones, ",",
                    [](std::string* o, double m) { absl::StrAppend(o, FormatDouble(m)); }),
      "|gamma=", FormatDouble(c.lr_gamma), "|crop=", c.crop_padding, "|flip=", c.random_flip,
      "|seed=", c.seed);
}

training::TrainerConfig StageOneTrainerConfig(const PipelineConfig& c, const PipelineData& data,
                                              const std::string& checkpoint_path) {
  training::TrainerConfig t;
  t.optimizer.kind = training::OptimizerKind::kSgd;
  t.optimizer.lr = c.lr;
  t.optimizer.momentum = c.momentum;
  t.optimizer.nesterov = false;  // the code's plain SGD momentum
  t.optimizer.weight_decay = c.weight_decay;
  t.schedule.epochs = c.epochs;
  t.schedule.kind = training::LrScheduleKind::kStep;
  t.schedule.step_milestones = EffectiveMilestones(c.lr_milestones, c.epochs);
  t.schedule.step_gamma = c.lr_gamma;
  t.checkpoint.path = checkpoint_path;
  t.logging.log = c.log;
  t.batch_size = c.batch_size;
  t.seed = c.seed;
  t.num_threads = c.num_threads;
  t.augment.crop_padding = c.crop_padding;
  t.augment.random_flip = c.random_flip;
  t.augment.normalization = data.cifar10_normalization
                                ? Cifar10Normalization()
                                : training::MeasureNormalization(*data.train);
  return t;
}

ArchResult ToResult(const nas::crossnas::ScoredCandidate& c) {
  const ArchGenotype g = nas::crossnas::ArchFromGenes(c.genes);
  return {.genotype = g.ToString(),
          .genes = g.GenesString(),
          .gene_values = g.genes(),
          .accuracy_pct = c.metrics.accuracy_pct,
          .energy_mj = c.metrics.energy_mj,
          .latency_ms = c.metrics.latency_ms,
          .edp_mj_ms = c.metrics.energy_mj * c.metrics.latency_ms,
          .fitness = c.fitness};
}

}  // namespace

PipelineConfig T0PipelineConfig() { return PipelineConfig{}; }  // the struct's defaults

PipelineConfig T1PipelineConfig() {
  PipelineConfig c;
  c.tier = "t1";
  c.train_images = 3960;
  c.val_images = 700;
  c.max_blocks = 8;
  c.width_scale = 0.25;
  c.epochs = 120;
  c.search = nas::crossnas::ArchSearchConfig();
  c.num_cal_images = 1024;
  c.qpim = T1QpimStagesConfig();
  return c;
}

absl::StatusOr<PipelineConfig> TierPipelineConfig(absl::string_view tier) {
  if (tier == "t0") return T0PipelineConfig();
  if (tier == "t1") return T1PipelineConfig();
  return absl::NotFoundError(absl::StrCat("unknown tier '", tier, "'; known: t0, t1"));
}

absl::Status ValidatePipelineConfig(const PipelineConfig& c) {
  if (c.tier.empty()) return Invalid("tier", "non-empty", "\"\"");
  if (c.data != "cifar10" && c.data != "fashion_mnist") {
    return Invalid("data", "cifar10 or fashion_mnist", absl::StrCat("'", c.data, "'"));
  }
  if (c.store_dir.empty()) return Invalid("store_dir", "a directory", "\"\"");
  if (c.train_images < 1) return Invalid("train_images", ">= 1", absl::StrCat(c.train_images));
  if (c.val_images < 1) return Invalid("val_images", ">= 1", absl::StrCat(c.val_images));
  if (c.epochs < 1) return Invalid("epochs", ">= 1", absl::StrCat(c.epochs));
  if (c.batch_size < 1) return Invalid("batch_size", ">= 1", absl::StrCat(c.batch_size));
  if (c.num_cal_images < 1) {
    return Invalid("num_cal_images", ">= 1", absl::StrCat(c.num_cal_images));
  }
  if (!(c.accuracy_weight >= 0 && c.accuracy_weight <= 1)) {
    return Invalid("accuracy_weight", "in [0, 1]", FormatDouble(c.accuracy_weight));
  }
  if (c.stages != 2 && c.stages != 4) return Invalid("stages", "2 or 4", absl::StrCat(c.stages));
  if (c.stages == 4) RETURN_IF_ERROR(ValidateQpimStagesConfig(c.qpim));
  if (c.num_threads < 1 || c.num_threads > 256) {
    return Invalid("num_threads", "1..256", absl::StrCat(c.num_threads));
  }
  networks::crossnas::CrossNasSupernetOptions net;
  net.max_blocks = c.max_blocks;
  net.width_scale = c.width_scale;
  RETURN_IF_ERROR(networks::crossnas::ValidateCrossNasSupernetOptions(net));
  return absl::OkStatus();
}

absl::StatusOr<PipelineData> LoadPipelineData(const PipelineConfig& c) {
  RETURN_IF_ERROR(ValidatePipelineConfig(c));
  if (c.data == "cifar10" && c.data_dir.empty()) {
    return absl::InvalidArgumentError(
        "PipelineConfig.data_dir: required for data cifar10 (pass --data_dir=<directory of "
        "CIFAR-10 binary files, e.g. ../shared/data/cifar10_subset>, or --data=fashion_mnist)");
  }
  const auto load = [&](training::Split split) -> absl::StatusOr<Dataset> {
    absl::StatusOr<Dataset> d =
        c.data == "cifar10"
            ? training::LoadCifar10(c.data_dir, split)
            : training::LoadFashionMnist(
                  c.data_dir.empty() ? std::string(training::kFashionMnistDebianDir) : c.data_dir,
                  split, {.size = training::FashionMnistOptions::Size::kPad32, .channels = 1});
    if (!d.ok()) {
      return absl::Status(d.status().code(),
                          absl::StrCat(d.status().message(), " (pass --data_dir=DIR)"));
    }
    return d;
  };
  ASSIGN_OR_RETURN(Dataset full, load(training::Split::kTrain));
  ASSIGN_OR_RETURN(PipelineData data, SplitPipelineData(c, full));
  if (c.stages == 4) {
    ASSIGN_OR_RETURN(data.test, load(training::Split::kTest));
    data.test_description = absl::StrCat("; test split ", data.test->name(), " (",
                                         data.test->size(), " images) for the final accuracy");
  }
  return data;
}

absl::StatusOr<PipelineData> SplitPipelineData(const PipelineConfig& c, const Dataset& full) {
  const int64_t needed = int64_t{c.train_images} + c.val_images;
  if (full.size() < needed) {
    return Invalid("train_images + val_images",
                   absl::StrCat("<= ", full.size(), " (", full.name(), ")"), absl::StrCat(needed));
  }
  std::vector<int64_t> order(full.size());
  std::iota(order.begin(), order.end(), int64_t{0});
  RandomCursor cursor(RandomStream({.seed = c.seed, .entity = kSplitEntity}));
  cursor.Shuffle(absl::MakeSpan(order));
  std::vector<int64_t> val(order.begin(), order.begin() + c.val_images);
  std::vector<int64_t> train(order.begin() + c.val_images, order.begin() + needed);
  std::sort(val.begin(), val.end());  // file order: deterministic and cache-friendly
  std::sort(train.begin(), train.end());
  PipelineData data;
  ASSIGN_OR_RETURN(data.train, SelectExamples(full, train, full.name() + ":train"));
  ASSIGN_OR_RETURN(data.val, SelectExamples(full, val, full.name() + ":val"));
  data.cifar10_normalization = full.shape().channels == 3;
  data.description = absl::StrCat(
      full.name(), " ", ShapeString(full.shape()), " (", full.size(), " images) -> ",
      c.train_images, " train / ", c.val_images, " held-out val (split seed ", c.seed, ")",
      data.cifar10_normalization ? "; normalised with the CIFAR-10 mean/std (spec 3.2)"
                                 : "; normalised with the training split's mean/std",
      absl::StrContains(full.name(), "subset") ? "; a subset: results say so" : "",
      c.data == "fashion_mnist" ? "; Fashion-MNIST fallback, not CIFAR-10" : "");
  return data;
}

absl::StatusOr<PipelineReport> RunArchStages(const PipelineConfig& config) {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(PipelineData data, LoadPipelineData(config));
  const absl::Duration load = absl::Now() - start;
  ASSIGN_OR_RETURN(PipelineReport report, RunArchStagesOnData(config, data));
  report.data_time = load;
  report.total_time += load;
  return report;
}

absl::StatusOr<PipelineReport> RunArchStagesOnData(const PipelineConfig& c,
                                                   const PipelineData& data) {
  RETURN_IF_ERROR(ValidatePipelineConfig(c));
  if (!data.train.has_value() || !data.val.has_value()) {
    return absl::InvalidArgumentError("PipelineData: train and val are required");
  }
  if (c.stages == 4 && !data.test.has_value()) {
    return absl::InvalidArgumentError("PipelineData: test is required for stages 3-4");
  }
  std::error_code error;
  std::filesystem::create_directories(c.store_dir, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("PipelineConfig.store_dir: cannot create '",
                                               c.store_dir, "': ", error.message()));
  }
  const absl::Time start = absl::Now();
  PipelineReport report;
  report.accuracy_weight = c.accuracy_weight;
  const training::ImageShape shape = data.train->shape();

  // ---- stage 1: the SPOS supernet, shared across w ----
  networks::crossnas::CrossNasSupernetOptions net_options;
  net_options.input_channels = shape.channels;
  net_options.input_size = shape.height;
  net_options.num_classes = data.train->num_classes();
  net_options.max_blocks = c.max_blocks;
  net_options.width_scale = c.width_scale;
  net_options.init_seed = c.seed;
  ASSIGN_OR_RETURN(networks::crossnas::CrossNasSupernet net,
                   networks::crossnas::CreateCrossNasSupernet(net_options));
  const std::string supernet_key = SupernetKey(c, data);
  const std::string supernet_hash = StableHash(supernet_key);
  const std::string checkpoint_path =
      absl::StrCat(c.store_dir, "/supernet_", c.tier, "_", supernet_hash, ".ckpt");
  {
    training::TrainerConfig tc = StageOneTrainerConfig(c, data, checkpoint_path);
    ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                     training::Trainer::Create(networks::AsNetwork(net), &*data.train, tc,
                                               std::make_unique<training::crossnas::SposRegime>(
                                                   net->arch_space(), c.width_scale)));
    report.supernet_resumed = trainer->resumed();
    RETURN_IF_ERROR(trainer->Train());
    report.supernet_epochs_trained_now = static_cast<int>(trainer->history().size());
    if (std::optional<training::EpochStats> last = trainer->last_epoch(); last.has_value()) {
      report.final_train_loss = last->mean_loss;
      report.final_train_accuracy_pct = last->accuracy_pct;
    }
  }
  report.supernet_time = absl::Now() - start;

  // ---- stage 2: the architecture search, state per w, evaluations shared ----
  const absl::Time search_start = absl::Now();
  training::crossnas::ArchEvaluatorConfig eval_config;
  eval_config.recalibration.num_images = c.num_cal_images;
  eval_config.recalibration.seed = c.seed;
  eval_config.recalibration.num_threads = c.num_threads;
  eval_config.recalibration.normalization =
      StageOneTrainerConfig(c, data, "").augment.normalization;
  ASSIGN_OR_RETURN(std::unique_ptr<training::crossnas::SupernetArchEvaluator> evaluator,
                   training::crossnas::SupernetArchEvaluator::Create(net.ptr(), &*data.train,
                                                                     &*data.val, eval_config));
  const std::string eval_hash = StableHash(
      absl::StrCat(supernet_key, "|ncal=", c.num_cal_images,
                   "|calbatch=", eval_config.recalibration.batch_size, "|val=", data.val->size()));
  const std::string cache_path =
      absl::StrCat(c.store_dir, "/arch_evals_", c.tier, "_", eval_hash, ".rec");
  ASSIGN_OR_RETURN(EvaluationCache cache, EvaluationCache::Open(cache_path));

  nas::crossnas::EvolutionConfig evolution = c.search;
  evolution.seed = c.seed;
  evolution.fitness.accuracy_weight = c.accuracy_weight;
  const int expected = c.search.population_size * (c.search.num_cycles + 1);
  std::unique_ptr<Progress> progress;
  if (c.log != nullptr) {
    progress = std::make_unique<Progress>("architecture search candidates", expected,
                                          absl::Seconds(5), c.log);
  }
  auto evaluate = [&](const ArchGenotype& g) -> absl::StatusOr<CandidateMetrics> {
    const std::string key = g.Canonical().GenesString();
    if (progress != nullptr) progress->Add(1);
    if (const absl::StatusOr<CandidateMetrics>* hit = cache.Find(key); hit != nullptr) {
      ++report.disk_cache_hits;
      return *hit;
    }
    absl::StatusOr<CandidateMetrics> m = evaluator->Evaluate(g);
    if (!m.ok() && !nas::crossnas::IsInfeasibleCandidate(m.status())) return m.status();
    RETURN_IF_ERROR(cache.Add(key, m));
    return m;
  };
  ASSIGN_OR_RETURN(nas::crossnas::EvolutionarySearch search,
                   nas::crossnas::CreateArchSearch(
                       evolution, networks::crossnas::SupernetArchSpace(net_options), evaluate));
  const std::string search_hash = StableHash(
      absl::StrCat(eval_hash, "|P=", c.search.population_size, "|mut=", c.search.num_mutations,
                   "|cx=", c.search.num_crossovers, "|k=", c.search.top_k, "|seed=", c.seed));
  const std::string state_path =
      absl::StrCat(c.store_dir, "/search_", c.tier, "_", search_hash, "_w",
                   absl::StrFormat("%.4f", c.accuracy_weight), ".state");
  if (FileExists(state_path)) RETURN_IF_ERROR(search.LoadState(state_path));
  while (!search.Done()) {
    const int cycle = search.next_cycle();
    RETURN_IF_ERROR(search.RunCycle());
    RETURN_IF_ERROR(search.SaveState(state_path));
    ++report.search_cycles_run_now;
    if (c.log != nullptr) {
      std::fprintf(c.log, "search cycle %d/%d: best FF %.4f (%d feasible evaluated)\n", cycle,
                   c.search.num_cycles, search.best_fitness_per_cycle().back(),
                   search.num_feasible_evaluations());
    }
  }
  if (progress != nullptr) progress->Finish();
  report.new_accuracy_evaluations = evaluator->num_accuracy_evaluations();
  for (const nas::crossnas::ScoredCandidate& s : search.Archive()) {
    report.top_k.push_back(ToResult(s));
  }
  ASSIGN_OR_RETURN(nas::crossnas::ScoredCandidate best, search.Best());
  report.best = ToResult(best);
  report.best_fitness_per_cycle = search.best_fitness_per_cycle();
  report.search_time = absl::Now() - search_start;
  report.total_time = absl::Now() - start;

  // ---- the stable description lines ----
  const std::array<int, 3> widths = net->channel_choices();
  report.scale_line = absl::StrFormat(
      "scale: tier %s; supernet D_max %d, rho %g (channels {%d,%d,%d}; cost at full width "
      "{32,64,128}, 3x32x32); stages %s",
      c.tier, c.max_blocks, c.width_scale, widths[0], widths[1], widths[2],
      c.stages == 4 ? "1-4" : "1-2 only (--stages=2)");
  report.data_line = absl::StrCat("data: ", data.description, data.test_description);
  report.seed_line = absl::StrCat("seed: ", c.seed,
                                  " (split, initial weights, order/augmentation, N_cal sample, "
                                  "search)");
  report.machine_line = absl::StrCat("machine: ", MachineDescription(c.num_threads));
  report.store_line = absl::StrCat("store: ", c.store_dir, " (supernet ", supernet_hash,
                                   ", evaluations ", eval_hash, ", search ", search_hash, ")");
  report.supernet_line = absl::StrFormat(
      "supernet: SPOS %d epoch(s), batch %d, SGD lr %g momentum %g wd %g, %s, crop %d + %s; "
      "last epoch: train loss %.4f, train accuracy %.2f %% (sampled paths)",
      c.epochs, c.batch_size, c.lr, c.momentum, c.weight_decay,
      MilestoneText(c.lr_milestones, c.epochs, c.lr_gamma), c.crop_padding,
      c.random_flip ? "flip" : "no flip", report.final_train_loss, report.final_train_accuracy_pct);
  report.search_line = absl::StrFormat(
      "search: w %g; P %d, %d mutations + %d crossovers, top-K %d, %d cycles after the initial "
      "one; N_cal %d, val %d; "
      "%d feasible candidates, %d infeasible (tile overflow); PIM: stage-1 config (9/9 bits, "
      "crossbar 256, ADC 8 b, DAC 2 b)",
      c.accuracy_weight, c.search.population_size, c.search.num_mutations, c.search.num_crossovers,
      c.search.top_k, c.search.num_cycles, c.num_cal_images, static_cast<int>(data.val->size()),
      search.num_feasible_evaluations(), search.num_infeasible_verdicts());
  if (c.stages == 4) {
    QpimStagesInput in;
    in.tier = c.tier;
    in.store_dir = c.store_dir;
    in.data_description = data.description;
    in.train = &*data.train;
    in.val = &*data.val;
    in.test = &*data.test;
    in.arch_genes = report.best.gene_values;
    in.width_scale = c.width_scale;
    in.accuracy_weight = c.accuracy_weight;
    in.seed = c.seed;
    in.num_threads = c.num_threads;
    in.log = c.log;
    ASSIGN_OR_RETURN(report.qpim, RunQpimStages(c.qpim, in));
    report.total_time = absl::Now() - start;
  }
  return report;
}

}  // namespace aimc::experiments::crossnas
