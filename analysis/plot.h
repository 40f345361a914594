// Figures through gnuplot (Debian package gnuplot-nox, in
// third_party/setup.sh): bar charts (grouped, one group per category, one bar
// per series: the paper's Figs. 3, 4, 6, 10-11 style), heatmaps (a
// correlation matrix) and line plots (accuracy vs noise, VANT's Fig. 2). Each call writes the gnuplot script PATH.gp and its
// data PATH.dat beside the figure PATH, so a figure can be restyled and
// re-run by hand, then runs `gnuplot PATH.gp` (its output goes to PATH.log).
// The format comes from PATH's extension: .png (pngcairo) or .svg.
// Errors: FailedPrecondition naming the package to install when gnuplot is
// missing; InvalidArgument for another extension or ragged values; Internal
// with gnuplot's log when it fails or writes nothing. Labels are printed
// verbatim (no enhanced-text markup); titles may hold line breaks. Bars start
// at 0. Thread-compatible per output path.
#ifndef AIMC_ANALYSIS_PLOT_H_
#define AIMC_ANALYSIS_PLOT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aimc::analysis {

struct PlotOptions {
  // The gnuplot binary: a name looked up in $PATH, or a path. Default
  // "gnuplot"; tests point it elsewhere to see the missing-gnuplot error.
  std::string gnuplot = "gnuplot";
};

struct BarChart {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<std::string> categories;      // the x axis
  std::vector<std::string> series;          // the legend (hidden for one series)
  std::vector<std::vector<double>> values;  // values[series][category]; NaN = no bar
};

struct Heatmap {
  std::string title;
  std::vector<std::string> row_labels;
  std::vector<std::string> column_labels;
  std::vector<std::vector<double>> values;  // values[row][column]; NaN = blank
  double z_min = -1;                        // colour scale (blue .. white .. red)
  double z_max = 1;
  bool annotate = true;  // print each value (2 decimals) in its cell
};

struct LineSeries {
  std::string title;       // the legend entry
  std::vector<double> x;   // one per point, finite
  std::vector<double> y;   // one per x; NaN = a gap
  bool dashed = false;     // e.g. a reference or bound curve
};

struct LinePlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<LineSeries> series;  // >= 1, each with >= 1 point
};

// FailedPrecondition when options.gnuplot cannot be found or run.
absl::Status CheckGnuplot(const PlotOptions& options = {});

absl::Status WriteBarChart(const BarChart& chart, absl::string_view path,
                           const PlotOptions& options = {});
absl::Status WriteHeatmap(const Heatmap& heatmap, absl::string_view path,
                          const PlotOptions& options = {});
// Lines with point marks, one per series; InvalidArgument for no series, an
// empty one, or x and y of different lengths.
absl::Status WriteLinePlot(const LinePlot& plot, absl::string_view path,
                           const PlotOptions& options = {});

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_PLOT_H_
