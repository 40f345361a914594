#include "experiments/crossnas/qpim_stages.h"

#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/progress.h"
#include "common/status_macros.h"
#include "experiments/crossnas/evaluation_cache.h"
#include "experiments/crossnas/quant_training.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/crossnas_search.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/crossnas/quant/quant_net.h"
#include "training/crossnas/arch_cost.h"
#include "training/crossnas/qat/pim_eval.h"
#include "training/crossnas/qat/qat_bits_regime.h"
#include "training/trainer_config.h"

namespace aimc::experiments::crossnas {
namespace {

using nas::crossnas::ArchGenotype;
using nas::crossnas::CandidateMetrics;
using nas::crossnas::QpimGenotype;
using networks::crossnas::QuantMode;
using networks::crossnas::QuantNet;
using training::Dataset;

absl::Status Invalid(absl::string_view field, absl::string_view rule, absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat("QpimStagesConfig.", field, ": must be ", rule, ", got ", got));
}

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::string JoinNums(const std::vector<double>& v) {
  return absl::StrJoin(v, ",", [](std::string* o, double x) { absl::StrAppend(o, Num(x)); });
}

QpimResult ToResult(const nas::crossnas::ScoredCandidate& s) {
  const QpimGenotype g = nas::crossnas::QpimFromCandidateGenes(s.genes);
  return {.qpim = nas::crossnas::QpimToString(g),
          .accuracy_pct = s.metrics.accuracy_pct,
          .energy_mj = s.metrics.energy_mj,
          .latency_ms = s.metrics.latency_ms,
          .edp_mj_ms = s.metrics.energy_mj * s.metrics.latency_ms,
          .fitness = s.fitness};
}

}  // namespace

QpimStagesConfig T0QpimStagesConfig() {
  QpimStagesConfig c;
  c.search = nas::crossnas::QpimSearchT0Config();
  return c;
}

QpimStagesConfig T1QpimStagesConfig() {
  QpimStagesConfig c;
  c.fp_epochs = 60;
  c.qat_epochs = 30;
  c.search = nas::crossnas::QpimSearchConfig();
  c.num_cal_images = 512;
  c.num_pim_images = 256;
  c.finetune_epochs = 10;
  c.test_images = 932;
  return c;
}

absl::Status ValidateQpimStagesConfig(const QpimStagesConfig& c) {
  const auto positive = [](absl::string_view field, int v) -> absl::Status {
    if (v < 1) return Invalid(field, ">= 1", absl::StrCat(v));
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(positive("fp_epochs", c.fp_epochs));
  RETURN_IF_ERROR(positive("qat_epochs", c.qat_epochs));
  RETURN_IF_ERROR(positive("finetune_epochs", c.finetune_epochs));
  RETURN_IF_ERROR(positive("batch_size", c.batch_size));
  RETURN_IF_ERROR(positive("num_cal_images", c.num_cal_images));
  RETURN_IF_ERROR(positive("num_pim_images", c.num_pim_images));
  RETURN_IF_ERROR(positive("test_images", c.test_images));
  for (auto [field, lr] : {std::pair<const char*, double>{"fp_lr", c.fp_lr},
                           {"qat_lr", c.qat_lr},
                           {"finetune_lr", c.finetune_lr}}) {
    if (!(lr > 0 && std::isfinite(lr))) return Invalid(field, "finite and > 0", Num(lr));
  }
  if (!(c.lr_gamma > 0 && c.lr_gamma <= 1))
    return Invalid("lr_gamma", "in (0, 1]", Num(c.lr_gamma));
  return absl::OkStatus();
}

absl::StatusOr<QpimStagesReport> RunQpimStages(const QpimStagesConfig& c,
                                               const QpimStagesInput& in) {
  RETURN_IF_ERROR(ValidateQpimStagesConfig(c));
  if (in.train == nullptr || in.val == nullptr || in.test == nullptr) {
    return absl::InvalidArgumentError("QpimStagesInput: train, val and test are required");
  }
  if (in.store_dir.empty()) {
    return absl::InvalidArgumentError("QpimStagesInput.store_dir: must be a directory, got \"\"");
  }
  std::error_code error;
  std::filesystem::create_directories(in.store_dir, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("QpimStagesInput.store_dir: cannot create '",
                                               in.store_dir, "': ", error.message()));
  }
  ASSIGN_OR_RETURN(ArchGenotype arch_raw,
                   ArchGenotype::FromGenes(in.arch_genes, static_cast<int>(in.arch_genes.size())));
  const ArchGenotype arch = arch_raw.Canonical();
  const int depth = arch.depth();
  if (depth < 1) return absl::InvalidArgumentError("QpimStagesInput.arch_genes: no active block");
  const training::ImageShape shape = in.train->shape();
  const int num_classes = in.train->num_classes();
  nas::crossnas::ArchSpaceOptions space;
  space.max_blocks = arch.num_slots();
  space.res_stride2 = num_classes == 100;
  ASSIGN_OR_RETURN(networks::crossnas::QuantNetSpec spec,
                   networks::crossnas::CrossNasQuantSpec(
                       nas::crossnas::ToBlockList(arch, space, shape.channels, shape.height),
                       in.width_scale, num_classes, shape.channels));
  ASSIGN_OR_RETURN(QuantNet net, networks::crossnas::CreateQuantNet(spec, in.seed));

  QpimStagesReport report;
  report.genotype = arch.ToString();
  report.test_images = static_cast<int>(std::min<int64_t>(c.test_images, in.test->size()));
  const auto file = [&](absl::string_view kind, const std::string& key, absl::string_view ext) {
    return absl::StrCat(in.store_dir, "/", kind, "_", in.tier, "_", StableHash(key), ext);
  };

  // ---- stage 3: FP training from scratch, then the mixed-precision QAT supernet ----
  const std::string fp_key =
      absl::StrCat(in.data_description, "|arch=", arch.GenesString(), "|rho=", Num(in.width_scale),
                   "|fp=", c.fp_epochs, ",", Num(c.fp_lr), ",", Num(c.fp_momentum), ",",
                   Num(c.fp_weight_decay), ",", JoinNums(c.fp_milestones),
                   "|gamma=", Num(c.lr_gamma), "|batch=", c.batch_size, "|seed=", in.seed);
  const std::string qat_key = absl::StrCat(fp_key, "|qat=", c.qat_epochs, ",", Num(c.qat_lr), ",",
                                           JoinNums(c.qat_milestones));
  absl::Time t = absl::Now();
  const auto phase = [&](training::OptimizerKind kind, double lr, int epochs,
                         const std::vector<double>& milestones, std::string checkpoint) {
    QuantPhase p;
    p.optimizer = kind;
    p.lr = lr;
    p.momentum = c.fp_momentum;
    p.weight_decay = kind == training::OptimizerKind::kSgd ? c.fp_weight_decay : 0.0;
    p.epochs = epochs;
    p.milestones = milestones;
    p.gamma = c.lr_gamma;
    p.batch_size = c.batch_size;
    p.seed = in.seed;
    p.num_threads = in.num_threads;
    p.log = in.log;
    p.checkpoint = std::move(checkpoint);
    return p;
  };
  if (in.log != nullptr)
    std::fprintf(in.log, "stage 3: FP training of %s\n", report.genotype.c_str());
  ASSIGN_OR_RETURN(report.fp_epochs_now,
                   TrainQuantPhase(net, *in.train,
                                   phase(training::OptimizerKind::kSgd, c.fp_lr, c.fp_epochs,
                                         c.fp_milestones, file("fp", fp_key, ".ckpt")),
                                   nullptr));
  ASSIGN_OR_RETURN(
      report.fp_val_accuracy_pct,
      training::crossnas::QuantNetAccuracy(net, *in.val, in.val->size(), QuantMode::kFloat));
  report.fp_time = absl::Now() - t;
  t = absl::Now();
  if (in.log != nullptr) std::fprintf(in.log, "stage 3: mixed-precision QAT supernet\n");
  ASSIGN_OR_RETURN(
      report.qat_epochs_now,
      TrainQuantPhase(net, *in.train,
                      phase(training::OptimizerKind::kAdam, c.qat_lr, c.qat_epochs,
                            c.qat_milestones, file("qat", qat_key, ".ckpt")),
                      std::make_unique<training::crossnas::MixedPrecisionQatRegime>()));
  const BufferSnapshot supernet_buffers(net);
  training::crossnas::QuantEvalOptions eval;
  eval.calibration = in.train;
  eval.calibration_images = c.num_cal_images;
  ASSIGN_OR_RETURN(report.qat_val_accuracy_pct,
                   training::crossnas::QatAccuracy(net, *in.val, in.val->size(),
                                                   nas::crossnas::Stage1PimConfig(depth), eval));
  report.qat_time = absl::Now() - t;

  // ---- stage 4: the quantisation + PIM search, evaluations cached, state per w ----
  t = absl::Now();
  const std::string eval_key = absl::StrCat(qat_key, "|ncal=", c.num_cal_images,
                                            "|npim=", c.num_pim_images, "|val=", in.val->size());
  ASSIGN_OR_RETURN(EvaluationCache cache,
                   EvaluationCache::Open(file("qpim_evals", eval_key, ".rec")));
  std::unique_ptr<Progress> progress;
  if (in.log != nullptr) {
    progress = std::make_unique<Progress>("stage-4 candidates",
                                          c.search.population_size * (c.search.num_cycles + 1),
                                          absl::Seconds(10), in.log);
  }
  auto evaluate = [&](const QpimGenotype& g) -> absl::StatusOr<CandidateMetrics> {
    const std::string key = nas::crossnas::QpimToString(g);
    if (progress != nullptr) progress->Add(1);
    if (const absl::StatusOr<CandidateMetrics>* hit = cache.Find(key); hit != nullptr) {
      ++report.cache_hits;
      return *hit;
    }
    absl::StatusOr<CandidateMetrics> m;
    absl::StatusOr<training::crossnas::ArchCost> cost =
        training::crossnas::EvaluateQpimCost(arch, g, num_classes);
    if (!cost.ok()) {
      if (!nas::crossnas::IsInfeasibleCandidate(cost.status())) return cost.status();
      m = cost.status();  // tile overflow: no accuracy needed
    } else {
      supernet_buffers.Restore(net);
      ASSIGN_OR_RETURN(double acc,
                       training::crossnas::PimAccuracy(net, *in.val, c.num_pim_images, g, eval));
      ++report.new_pim_evaluations;
      m = CandidateMetrics{
          .accuracy_pct = acc, .energy_mj = cost->energy_mj, .latency_ms = cost->latency_ms};
    }
    RETURN_IF_ERROR(cache.Add(key, m));
    return m;
  };
  nas::crossnas::EvolutionConfig evolution = c.search;
  evolution.seed = in.seed;
  evolution.fitness.accuracy_weight = in.accuracy_weight;
  ASSIGN_OR_RETURN(nas::crossnas::EvolutionarySearch search,
                   nas::crossnas::CreateQpimSearch(evolution, depth, evaluate));
  const std::string search_key =
      absl::StrCat(eval_key, "|P=", c.search.population_size, "|mut=", c.search.num_mutations,
                   "|cx=", c.search.num_crossovers, "|k=", c.search.top_k);
  const std::string state_path =
      absl::StrCat(file("qpim_search", search_key, ""), "_w",
                   absl::StrFormat("%.4f", in.accuracy_weight), ".state");
  if (FileExists(state_path)) RETURN_IF_ERROR(search.LoadState(state_path));
  while (!search.Done()) {
    const int cycle = search.next_cycle();
    RETURN_IF_ERROR(search.RunCycle());
    RETURN_IF_ERROR(search.SaveState(state_path));
    if (in.log != nullptr) {
      std::fprintf(in.log, "stage-4 cycle %d/%d: best FF %.4f\n", cycle, c.search.num_cycles,
                   search.best_fitness_per_cycle().back());
    }
  }
  if (progress != nullptr) progress->Finish();
  for (const nas::crossnas::ScoredCandidate& s : search.Archive()) {
    report.top_k.push_back(ToResult(s));
  }
  ASSIGN_OR_RETURN(nas::crossnas::ScoredCandidate best_scored, search.Best());
  report.best = ToResult(best_scored);
  report.best_fitness_per_cycle = search.best_fitness_per_cycle();
  report.num_feasible = search.num_feasible_evaluations();
  report.num_infeasible = search.num_infeasible_verdicts();
  report.search_time = absl::Now() - t;

  // ---- the winner: fixed-map QAT fine-tune from the supernet, final test, sanity ----
  t = absl::Now();
  const QpimGenotype best = nas::crossnas::QpimFromCandidateGenes(best_scored.genes);
  supernet_buffers.Restore(net);
  const std::string ft_key =
      absl::StrCat(qat_key, "|best=", report.best.qpim, "|ft=", c.finetune_epochs, ",",
                   Num(c.finetune_lr), ",", JoinNums(c.finetune_milestones));
  if (in.log != nullptr) std::fprintf(in.log, "fine-tune at %s\n", report.best.qpim.c_str());
  ASSIGN_OR_RETURN(
      report.finetune_epochs_now,
      TrainQuantPhase(net, *in.train,
                      phase(training::OptimizerKind::kAdam, c.finetune_lr, c.finetune_epochs,
                            c.finetune_milestones, file("finetune", ft_key, ".ckpt")),
                      std::make_unique<training::crossnas::FixedBitsQatRegime>(best.block_bits)));
  report.finetune_time = absl::Now() - t;
  t = absl::Now();
  // The fine-tuned BN statistics and α belong to the winner's bits: no recalibration.
  const training::crossnas::QuantEvalOptions none;
  ASSIGN_OR_RETURN(report.final_qat_accuracy_pct,
                   training::crossnas::QatAccuracy(net, *in.test, report.test_images, best, none));
  ASSIGN_OR_RETURN(report.final_pim_accuracy_pct,
                   training::crossnas::PimAccuracy(net, *in.test, report.test_images, best, none));
  ASSIGN_OR_RETURN(training::crossnas::ArchCost best_cost,
                   training::crossnas::EvaluateQpimCost(arch, best, num_classes));
  report.area_mm2 = best_cost.area_mm2;
  QpimGenotype variant = best;
  variant.crossbar_size = 256;
  variant.dac_bits = 2;
  variant.adc_bits = 10;
  ASSIGN_OR_RETURN(report.sanity_adc10_pct, training::crossnas::PimAccuracy(
                                                net, *in.test, report.test_images, variant, none));
  ASSIGN_OR_RETURN(training::crossnas::ArchCost dac2,
                   training::crossnas::EvaluateQpimCost(arch, variant, num_classes));
  variant.adc_bits = 4;
  ASSIGN_OR_RETURN(report.sanity_adc4_pct, training::crossnas::PimAccuracy(
                                               net, *in.test, report.test_images, variant, none));
  variant.adc_bits = 10;
  variant.dac_bits = 1;
  ASSIGN_OR_RETURN(report.sanity_dac1_pct, training::crossnas::PimAccuracy(
                                               net, *in.test, report.test_images, variant, none));
  ASSIGN_OR_RETURN(training::crossnas::ArchCost dac1,
                   training::crossnas::EvaluateQpimCost(arch, variant, num_classes));
  report.sanity_dac2_energy_mj = dac2.energy_mj;
  report.sanity_dac2_latency_ms = dac2.latency_ms;
  report.sanity_dac1_energy_mj = dac1.energy_mj;
  report.sanity_dac1_latency_ms = dac1.latency_ms;
  report.final_time = absl::Now() - t;

  report.stage3_line = absl::StrFormat(
      "stage 3: %s at rho %g as a QuantNet; FP %d epoch(s) SGD lr %g momentum %g wd %g, %s; "
      "QAT supernet %d epoch(s) Adam lr %g, %s, bits per block i.i.d. {5,7,9}^2, head 9/9; "
      "batch %d, crop 4 + flip, pixels p/255",
      report.genotype, in.width_scale, c.fp_epochs, c.fp_lr, c.fp_momentum, c.fp_weight_decay,
      MilestoneText(c.fp_milestones, c.fp_epochs, c.lr_gamma), c.qat_epochs, c.qat_lr,
      MilestoneText(c.qat_milestones, c.qat_epochs, c.lr_gamma), c.batch_size);
  report.stage4_line = absl::StrFormat(
      "stage 4: w %g; P %d, %d mutations + %d crossovers, top-K %d, %d cycles after the initial "
      "one; each candidate: buffers of the QAT supernet, BN/alpha recalibration on %d train "
      "images, PIM accuracy on the first %d val images, full-width cost; %d feasible, %d "
      "infeasible; fine-tune %d epoch(s) Adam lr %g, %s; final on the first %d test images",
      in.accuracy_weight, c.search.population_size, c.search.num_mutations, c.search.num_crossovers,
      c.search.top_k, c.search.num_cycles, c.num_cal_images, c.num_pim_images, report.num_feasible,
      report.num_infeasible, c.finetune_epochs, c.finetune_lr,
      MilestoneText(c.finetune_milestones, c.finetune_epochs, c.lr_gamma), report.test_images);
  report.store_line =
      absl::StrCat("stage 3-4 store: fp ", StableHash(fp_key), ", qat ", StableHash(qat_key),
                   ", evaluations ", StableHash(eval_key), ", search ", StableHash(search_key));
  return report;
}

}  // namespace aimc::experiments::crossnas
