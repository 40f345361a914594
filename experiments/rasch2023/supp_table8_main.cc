// Supp. Table 8 of Rasch et al. 2023 at small scale (vant_rasch_spec.md
// B.4): the ours-HWA models with PCM-noise-exempt output columns in their
// most sensitive layers, A* at 1 h (1 y if the model already reaches 99 %).
// Layer sensitivity = A* gain with that layer alone exempt; K = the fewest
// most sensitive layers whose joint exemption gives A* >= 99 % (cap 6);
// columns ranked together over the K layers by the mean |dL/dw| over 20
// training batches (rasch_models.h ColumnGradientScores).
//   bazel run //experiments/rasch2023:supp_table8_exempt_columns -- --scale=quick
#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "experiments/rasch2023/supp_tables.h"
#include "networks/analog/convert.h"

namespace aimc::experiments::rasch2023 {
namespace {

constexpr int kMaxLayers = 6;
constexpr int kScoreBatches = 20;

// A* of every training trial with `masks(trial)` exempt, pooled.
struct Evaluated {
  std::vector<DriftErrors> errors;
  Pooled astar;
};

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm, StandardPcmTile());
  std::vector<Table8Net> nets;
  std::vector<std::string> notes;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    std::vector<TrainedModel> models;
    for (int t = 0; t < cli.run.scale.training_trials; ++t) {
      ASSIGN_OR_RETURN(TrainedModel m, HwaModel(cli.run, cli.data, net, {}, t));
      models.push_back(std::move(m));
    }
    const std::vector<int64_t> outputs = [&] {
      std::vector<int64_t> o;
      for (auto* layer : networks::analog::AnalogLayers(*models[0].network)) {
        o.push_back(layer->weight.size(0));
      }
      return o;
    }();
    const int num_layers = static_cast<int>(outputs.size());
    double time_s = 3600.0;
    // Per trial masks -> errors and pooled A*.
    auto evaluate =
        [&](const std::string& name,
            const std::vector<std::vector<std::vector<bool>>>& masks) -> absl::StatusOr<Evaluated> {
      Evaluated out;
      for (size_t t = 0; t < models.size(); ++t) {
        EvalSetting s{name, pcm, {time_s}};
        s.exempt_columns = masks.empty() ? std::vector<std::vector<bool>>() : masks[t];
        ASSIGN_OR_RETURN(DriftErrors e, EvaluateOnTile(cli.run, cli.data, models[t], s));
        out.errors.push_back(std::move(e));
      }
      out.astar = NormalizedAccuracy(PoolAt(out.errors, 0), fp.fp_error_pct, 10);
      return out;
    };
    auto whole_layers = [&](const std::vector<int>& layers) {
      std::vector<std::vector<bool>> m(outputs.size());
      for (int l : layers) m[static_cast<size_t>(l)].assign(static_cast<size_t>(outputs[l]), true);
      return std::vector<std::vector<std::vector<bool>>>(models.size(), m);
    };
    ASSIGN_OR_RETURN(Evaluated none, evaluate("PCM", {}));
    if (none.astar.mean >= 99.0) {
      time_s = kOneYearS;
      ASSIGN_OR_RETURN(none, evaluate("PCM", {}));
    }
    std::vector<double> gain(outputs.size());
    for (int l = 0; l < num_layers; ++l) {
      ASSIGN_OR_RETURN(const Evaluated e,
                       evaluate(absl::StrCat("PCM, layer ", l, " exempt"), whole_layers({l})));
      gain[static_cast<size_t>(l)] = e.astar.mean - none.astar.mean;
    }
    std::vector<int> order(outputs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return gain[static_cast<size_t>(a)] > gain[static_cast<size_t>(b)];
    });
    std::vector<int> chosen;
    Evaluated max;
    for (int k = 1; k <= std::min(kMaxLayers, num_layers); ++k) {
      chosen.assign(order.begin(), order.begin() + k);
      ASSIGN_OR_RETURN(
          max, evaluate(absl::StrCat("PCM, top ", k, " layers exempt"), whole_layers(chosen)));
      if (max.astar.mean >= 99.0) break;
    }
    int64_t total = 0;
    for (int l : chosen) total += outputs[static_cast<size_t>(l)];
    std::vector<std::vector<std::vector<double>>> scores;
    for (const TrainedModel& m : models) {
      ASSIGN_OR_RETURN(auto s, ColumnGradientScores(cli.run, cli.data, m, kScoreBatches));
      scores.push_back(std::move(s));
    }
    Table8Net row{RaschNetName(net), fp.fp_error_pct, {}};
    row.errors[kT8None] = none.errors;
    row.errors[kT8Max] = max.errors;
    const struct {
      Table8Column column;
      int64_t n;
      bool largest;
    } cuts[] = {{kT8Eighth, total / 8, true},
                {kT8Quarter, total / 4, true},
                {kT8Half, total / 2, true},
                {kT8SmallestHalf, total / 2, false}};
    for (const auto& cut : cuts) {
      std::vector<std::vector<std::vector<bool>>> masks;
      for (const auto& s : scores) masks.push_back(TopColumnMasks(s, chosen, cut.n, cut.largest));
      ASSIGN_OR_RETURN(const Evaluated e,
                       evaluate(absl::StrCat("PCM, ", cut.largest ? "largest " : "smallest ", cut.n,
                                             " of ", total, " columns exempt"),
                                masks));
      row.errors[cut.column] = e.errors;
    }
    notes.push_back(absl::StrCat(
        RaschNetName(net), ": at ", TimeLabel(time_s), "; K = ", chosen.size(), " layers (",
        absl::StrJoin(chosen, ", "), " of ", num_layers, ", by A* gain alone), ", total,
        " columns; A* none ", FormatPooled(none.astar), ", max ", FormatPooled(max.astar),
        "; A* gain with one layer exempt (layer:pp): ",
        absl::StrJoin(order, " ", [&](std::string* out, int l) {
          absl::StrAppendFormat(out, "%d:%+.2f", l, gain[static_cast<size_t>(l)]);
        })));
    nets.push_back(std::move(row));
  }
  Report rep = Table8Report(nets);
  rep.choices = {
      "exempt columns: programmed exactly, no drift, no 1/f noise, out of drift compensation; "
      "they keep short-term read noise, output noise, DAC/ADC and IR drop (B.1)",
      "layer sensitivity = A* gain with that layer alone exempt; K = fewest most sensitive layers "
      "whose joint exemption gives A* >= 99 % (cap 6); column score = mean over 20 training "
      "batches of mean |dL/dw| (training forward, no injected noise, BN eval); ranking global "
      "over the K layers; n_col = 1/8, 1/4, 1/2 of their columns, 'max' = all of them"};
  rep.choices.insert(rep.choices.end(), notes.begin(), notes.end());
  PrintReport(cli, "Rasch 2023 Supp. Table 8: PCM-noise-exempt columns, A* % (mean ± SEM)", rep);
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Table 8 at small scale", "supp_table8_exempt_columns",
      aimc::experiments::rasch2023::Run);
}
