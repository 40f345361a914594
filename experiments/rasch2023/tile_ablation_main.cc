// Per-chip errors of one net's FP-mapped and ours-HWA models on the standard
// PCM tile and on one-factor ablations of it (no IR drop, no output noise, no
// read noise, no programming noise, no drift compensation, a wide output
// bound): finds which part of the tile a large chip-to-chip spread comes from.
// A diagnosis, not a table of the paper.
//   bazel run //experiments/rasch2023:tile_ablation -- --scale=quick --nets=r20
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "torch/torch.h"

namespace aimc::experiments::rasch2023 {
namespace {

struct Ablation {
  std::string name;
  void (*apply)(crossbar::TileConfig&);
};

const std::vector<Ablation>& Ablations() {
  static const auto* kAblations = new std::vector<Ablation>{
      {"standard PCM", [](crossbar::TileConfig&) {}},
      {"no IR drop", [](crossbar::TileConfig& t) { t.mutable_forward()->set_ir_drop(0); }},
      {"no output noise", [](crossbar::TileConfig& t) { t.mutable_forward()->set_out_noise(0); }},
      {"no short-term read noise",
       [](crossbar::TileConfig& t) { t.mutable_forward()->set_w_noise(0); }},
      {"no programming noise",
       [](crossbar::TileConfig& t) { t.mutable_device()->mutable_pcm()->set_prog_scale(0); }},
      {"no 1/f noise",
       [](crossbar::TileConfig& t) { t.mutable_device()->mutable_pcm()->set_read_scale(0); }},
      {"out_bound 20, 9-bit ADC (same step)",
       [](crossbar::TileConfig& t) {
         t.mutable_forward()->set_out_bound(20);
         t.mutable_forward()->set_out_bits(9);
       }},
      {"ideal devices, noise-free IO",
       [](crossbar::TileConfig& t) {
         t.clear_device();
         t.mutable_forward()->set_out_noise(0);
         t.mutable_forward()->set_w_noise(0);
         t.mutable_forward()->set_ir_drop(0);
       }},
      {"PCM devices, exact IO", [](crossbar::TileConfig& t) { t.set_analog_io(false); }},
      {"exact compensation (no probe noise)",
       [](crossbar::TileConfig& t) {
         t.mutable_compensation()->set_method(device_models::DriftCompensationConfig::EXACT);
       }},
      {"no drift, no compensation",
       [](crossbar::TileConfig& t) {
         t.mutable_device()->mutable_pcm()->set_drift_scale(0);
         t.mutable_compensation()->set_method(device_models::DriftCompensationConfig::NONE);
       }},
      {"no compensation",
       [](crossbar::TileConfig& t) {
         t.mutable_compensation()->set_method(device_models::DriftCompensationConfig::NONE);
       }},
  };
  return *kAblations;
}

std::string PerChip(const DriftErrors& e) {
  std::string s;
  for (size_t t = 0; t < e.times_s.size(); ++t) {
    absl::StrAppend(&s, " | ", TimeLabel(e.times_s[t]), ":");
    for (double v : e.errors_pct[t]) absl::StrAppendFormat(&s, " %5.1f", v);
  }
  return s;
}

// Per BatchNorm, over its channels: the largest gain |gamma| / sigma (sigma =
// sqrt(running_var + eps)), which multiplies any error of the analog layer
// before it, and the largest |gamma mu| / sigma, the shift of its output per
// unit relative gain error of that layer (a gain error of one read, e.g. from
// drift compensation, is not removed by running statistics).
std::string BatchNormGains(const TrainedModel& m) {
  std::string gains = absl::StrCat(m.label, " BN max gain:");
  std::string shifts = absl::StrCat(m.label, " BN max |gamma mu|/sigma:");
  for (const auto& item : m.network->named_modules()) {
    auto* bn = item.value()->as<torch::nn::BatchNorm2d>();
    if (bn == nullptr) continue;
    const torch::Tensor gain =
        bn->weight.detach().abs() / (bn->running_var.detach() + bn->options.eps()).sqrt();
    absl::StrAppendFormat(&gains, " %.1f", gain.max().item<double>());
    absl::StrAppendFormat(&shifts, " %.1f",
                          (gain * bn->running_mean.detach().abs()).max().item<double>());
  }
  return gains + "\n" + shifts + "\n";
}

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm, StandardPcmTile());
  const std::vector<double> times = {1.0, 86400.0};
  std::printf("Rasch 2023 tile ablations: test error %% per chip (fresh chips)\nscale %s\n%s\n",
              DescribeScale(cli.run.scale).c_str(), DescribeRun(cli.run).c_str());
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    ASSIGN_OR_RETURN(const TrainedModel hwa, HwaModel(cli.run, cli.data, net, {}, 0));
    std::printf("%s digital FP error %.2f %%\n", RaschNetName(net), fp.fp_error_pct);
    for (const TrainedModel* m : {&fp, &hwa}) std::printf("%s", BatchNormGains(*m).c_str());
    for (const Ablation& a : Ablations()) {
      crossbar::TileConfig tile = pcm;
      a.apply(tile);
      for (const TrainedModel* m : {&fp, &hwa}) {
        ASSIGN_OR_RETURN(const DriftErrors e,
                         EvaluateOnTile(cli.run, cli.data, *m, {a.name, tile, times}));
        std::printf("%-4s %-26s %-4s%s\n", RaschNetName(net), a.name.c_str(),
                    m->analog ? "HWA" : "FP", PerChip(e).c_str());
        std::fflush(stdout);
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Per-chip errors of the Rasch 2023 models under one-factor tile ablations",
      "tile_ablation", aimc::experiments::rasch2023::Run);
}
