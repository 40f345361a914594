#include "experiments/crossnas/table3_baselines.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "experiments/crossnas/quant_training.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/crossnas/quant/quant_net.h"
#include "training/crossnas/qat/pim_eval.h"
#include "training/crossnas/qat/qat_bits_regime.h"

namespace aimc::experiments::crossnas {
namespace {

using networks::crossnas::QuantMode;
using networks::crossnas::QuantNet;

absl::Status Invalid(absl::string_view field, absl::string_view rule, absl::string_view got) {
  return absl::InvalidArgumentError(
      absl::StrCat("BaselineConfig.", field, ": must be ", rule, ", got ", got));
}

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::string JoinNums(const std::vector<double>& v) {
  return absl::StrJoin(v, ",", [](std::string* o, double x) { absl::StrAppend(o, Num(x)); });
}

// The table3_cost row name of a BaselineQuantSpec model.
absl::StatusOr<std::string> PaperName(const std::string& model) {
  if (model == "alexnet") return std::string("AlexNet");
  if (model == "vgg16") return std::string("VGG16");
  if (model == "resnet18") return std::string("ResNet18");
  return absl::NotFoundError(absl::StrCat("BaselineConfig.models: unknown model '", model,
                                          "'; known: alexnet, vgg16, "
                                          "resnet18"));
}

}  // namespace

BaselineConfig T0BaselineConfig() { return BaselineConfig{}; }

BaselineConfig T1BaselineConfig() {
  BaselineConfig c;
  c.width_scale = 0.25;
  c.fp_epochs = 60;
  c.qat_epochs = 10;
  c.test_images = 932;
  return c;
}

absl::Status ValidateBaselineConfig(const BaselineConfig& c) {
  if (c.models.empty()) return Invalid("models", "non-empty", "none");
  for (const std::string& m : c.models) RETURN_IF_ERROR(PaperName(m).status());
  if (!(c.width_scale > 0 && c.width_scale <= 1)) {
    return Invalid("width_scale", "in (0, 1]", Num(c.width_scale));
  }
  if (c.fp_epochs < 1) return Invalid("fp_epochs", ">= 1", absl::StrCat(c.fp_epochs));
  if (c.qat_epochs < 1) return Invalid("qat_epochs", ">= 1", absl::StrCat(c.qat_epochs));
  if (c.batch_size < 1) return Invalid("batch_size", ">= 1", absl::StrCat(c.batch_size));
  if (c.test_images < 1) return Invalid("test_images", ">= 1", absl::StrCat(c.test_images));
  if (!(c.fp_lr > 0 && std::isfinite(c.fp_lr)))
    return Invalid("fp_lr", "finite and > 0", Num(c.fp_lr));
  if (!(c.qat_lr > 0 && std::isfinite(c.qat_lr))) {
    return Invalid("qat_lr", "finite and > 0", Num(c.qat_lr));
  }
  if (!(c.lr_gamma > 0 && c.lr_gamma <= 1))
    return Invalid("lr_gamma", "in (0, 1]", Num(c.lr_gamma));
  return absl::OkStatus();
}

absl::StatusOr<BaselineReport> RunTable3Baselines(const BaselineConfig& c,
                                                  const BaselineInput& in) {
  RETURN_IF_ERROR(ValidateBaselineConfig(c));
  if (in.train == nullptr || in.test == nullptr) {
    return absl::InvalidArgumentError("BaselineInput: train and test are required");
  }
  if (in.store_dir.empty()) {
    return absl::InvalidArgumentError("BaselineInput.store_dir: must be a directory, got \"\"");
  }
  std::error_code error;
  std::filesystem::create_directories(in.store_dir, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("BaselineInput.store_dir: cannot create '",
                                               in.store_dir, "': ", error.message()));
  }
  ASSIGN_OR_RETURN(const Table3Report costs, BuildTable3Report(""));
  BaselineReport report;
  report.test_images = static_cast<int>(std::min<int64_t>(c.test_images, in.test->size()));
  const training::ImageShape shape = in.train->shape();
  for (const std::string& model : c.models) {
    const absl::Time start = absl::Now();
    BaselineRow row;
    ASSIGN_OR_RETURN(row.model, PaperName(model));
    for (const Table3Row& r : costs.rows) {
      if (r.name != row.model) continue;
      if (r.ours.has_value()) row.cost = *r.ours;
      if (r.paper.has_value()) row.paper_cost = *r.paper;
      if (r.paper_acc.has_value()) row.paper_accuracy_pct = *r.paper_acc;
    }
    ASSIGN_OR_RETURN(networks::crossnas::QuantNetSpec spec,
                     networks::crossnas::BaselineQuantSpec(
                         model, c.width_scale, in.train->num_classes(), shape.channels));
    ASSIGN_OR_RETURN(QuantNet net, networks::crossnas::CreateQuantNet(spec, in.seed));
    row.num_bit_groups = net->num_bit_groups();
    const std::string fp_key =
        absl::StrCat(in.data_description, "|model=", model, "|rho=", Num(c.width_scale),
                     "|fp=", c.fp_epochs, ",", Num(c.fp_lr), ",", Num(c.fp_momentum), ",",
                     Num(c.fp_weight_decay), ",", JoinNums(c.fp_milestones),
                     "|gamma=", Num(c.lr_gamma), "|batch=", c.batch_size, "|seed=", in.seed);
    const std::string qat_key = absl::StrCat(fp_key, "|qat99=", c.qat_epochs, ",", Num(c.qat_lr),
                                             ",", JoinNums(c.qat_milestones));
    QuantPhase phase;
    phase.optimizer = training::OptimizerKind::kSgd;
    phase.lr = c.fp_lr;
    phase.momentum = c.fp_momentum;
    phase.weight_decay = c.fp_weight_decay;
    phase.epochs = c.fp_epochs;
    phase.milestones = c.fp_milestones;
    phase.gamma = c.lr_gamma;
    phase.batch_size = c.batch_size;
    phase.seed = in.seed;
    phase.num_threads = in.num_threads;
    phase.log = in.log;
    phase.checkpoint =
        absl::StrCat(in.store_dir, "/baseline_fp_", in.tier, "_", StableHash(fp_key), ".ckpt");
    if (in.log != nullptr) std::fprintf(in.log, "%s: FP training\n", row.model.c_str());
    ASSIGN_OR_RETURN(const int fp_now, TrainQuantPhase(net, *in.train, phase, nullptr));
    ASSIGN_OR_RETURN(
        row.fp_accuracy_pct,
        training::crossnas::QuantNetAccuracy(net, *in.test, report.test_images, QuantMode::kFloat));
    phase.optimizer = training::OptimizerKind::kAdam;
    phase.lr = c.qat_lr;
    phase.weight_decay = 0;
    phase.epochs = c.qat_epochs;
    phase.milestones = c.qat_milestones;
    phase.checkpoint =
        absl::StrCat(in.store_dir, "/baseline_qat_", in.tier, "_", StableHash(qat_key), ".ckpt");
    const std::vector<nas::crossnas::BlockBits> bits(row.num_bit_groups,
                                                     nas::crossnas::BlockBits{});
    if (in.log != nullptr) std::fprintf(in.log, "%s: QAT at 9/9\n", row.model.c_str());
    ASSIGN_OR_RETURN(
        const int qat_now,
        TrainQuantPhase(net, *in.train, phase,
                        std::make_unique<training::crossnas::FixedBitsQatRegime>(bits)));
    row.epochs_now = fp_now + qat_now;
    nas::crossnas::QpimGenotype g;  // X 256, ADC 8 b, DAC 2 b: Table 3's [R] setting
    g.block_bits = bits;
    const training::crossnas::QuantEvalOptions none;  // QAT's own BN statistics and α
    ASSIGN_OR_RETURN(row.qat_accuracy_pct,
                     training::crossnas::QatAccuracy(net, *in.test, report.test_images, g, none));
    ASSIGN_OR_RETURN(row.pim_accuracy_pct,
                     training::crossnas::PimAccuracy(net, *in.test, report.test_images, g, none));
    row.time = absl::Now() - start;
    report.rows.push_back(std::move(row));
  }
  report.scale_line = absl::StrFormat(
      "scale: tier %s; baselines at rho %g (MNSIM CIFAR variants, BN after every conv, one bit "
      "group per conv/fc); FP %d epoch(s) SGD lr %g momentum %g wd %g, %s; QAT 9/9 %d epoch(s) "
      "Adam lr %g, %s; batch %d, crop 4 + flip, pixels p/255; PIM 9/9, crossbar 256, ADC 8 b, "
      "DAC 2 b on the first %d test images; cost at full width (crossnas preset)",
      in.tier, c.width_scale, c.fp_epochs, c.fp_lr, c.fp_momentum, c.fp_weight_decay,
      MilestoneText(c.fp_milestones, c.fp_epochs, c.lr_gamma), c.qat_epochs, c.qat_lr,
      MilestoneText(c.qat_milestones, c.qat_epochs, c.lr_gamma), c.batch_size, report.test_images);
  return report;
}

std::string FormatBaselineReport(const BaselineReport& r) {
  std::string out = absl::StrCat(r.scale_line, "\n");
  absl::StrAppend(
      &out, absl::StrFormat("%-9s %6s %7s %7s %7s %8s | %9s %9s %9s %9s | %7s %7s %7s "
                            "%8s\n",
                            "model", "groups", "FP_%", "QAT_%", "PIM_%", "paper_%", "E_mJ", "L_ms",
                            "EDP", "area_mm2", "E/pap", "L/pap", "EDP/pap", "area/pap"));
  for (const BaselineRow& b : r.rows) {
    absl::StrAppend(
        &out, absl::StrFormat("%-9s %6d %7.2f %7.2f %7.2f %8.2f | %9.4f %9.4f %9.4f %9.2f | %7.3f "
                              "%7.3f %7.3f %8.3f\n",
                              b.model, b.num_bit_groups, b.fp_accuracy_pct, b.qat_accuracy_pct,
                              b.pim_accuracy_pct, b.paper_accuracy_pct, b.cost.energy_mj,
                              b.cost.latency_ms, b.cost.edp_mj_ms, b.cost.area_mm2,
                              Ratio(b.cost.energy_mj, b.paper_cost.energy_mj),
                              Ratio(b.cost.latency_ms, b.paper_cost.latency_ms),
                              Ratio(b.cost.edp_mj_ms, b.paper_cost.edp_mj_ms),
                              Ratio(b.cost.area_mm2, b.paper_cost.area_mm2)));
  }
  absl::StrAppend(&out,
                  "note: paper_% is the paper's PIM accuracy (CIFAR-10 50k, full width); ours "
                  "is at tier scale and not a target (spec 9.5); the CrossNAS rows come from "
                  "//experiments/crossnas:search (its 'ours ... stage 4' line)\n");
  for (const BaselineRow& b : r.rows) {
    absl::StrAppend(&out, absl::StrFormat("time %s: %.1f s (%d epochs trained now)\n", b.model,
                                          absl::ToDoubleSeconds(b.time), b.epochs_now));
  }
  return out;
}

}  // namespace aimc::experiments::crossnas
