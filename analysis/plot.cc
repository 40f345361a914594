#include "analysis/plot.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/file.h"
#include "common/status_macros.h"

extern char** environ;

namespace aimc::analysis {
namespace {

constexpr absl::string_view kInstallHint =
    "install the Debian package gnuplot-nox (apt-get install gnuplot-nox; "
    "third_party/setup.sh lists it)";

// The executable for `name`: itself if it holds a '/', else the first match
// in $PATH. Empty when none is executable.
std::string FindExecutable(absl::string_view name) {
  if (absl::StrContains(name, '/')) {
    return access(std::string(name).c_str(), X_OK) == 0 ? std::string(name) : "";
  }
  const char* path = std::getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "/usr/bin:/bin", ':')) {
    if (dir.empty()) continue;
    std::string candidate = absl::StrCat(dir, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// A gnuplot single-quoted string: only ' needs doubling.
std::string Quote(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "''"}, {"\n", " "}}), "'");
}

// A gnuplot double-quoted string, where "\n" breaks the line (for titles).
std::string MultilineQuote(absl::string_view text) {
  return absl::StrCat(
      "\"", absl::StrReplaceAll(text, {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}}), "\"");
}

// A double-quoted field of a gnuplot data file (no escapes there).
std::string DataString(absl::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "'"}, {"\n", " "}}), "\"");
}

std::string DataNumber(double v) { return std::isnan(v) ? "NaN" : absl::StrFormat("%.10g", v); }

// "set terminal ...": pngcairo or svg from the extension.
absl::StatusOr<std::string> Terminal(absl::string_view path, int width_px, int height_px) {
  if (absl::EndsWith(path, ".png")) {
    return absl::StrFormat("set terminal pngcairo size %d,%d noenhanced font 'sans,10'\n", width_px,
                           height_px);
  }
  if (absl::EndsWith(path, ".svg")) {
    return absl::StrFormat(
        "set terminal svg size %d,%d noenhanced font 'sans,10' background 'white'\n", width_px,
        height_px);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("figure path '", path, "': expected a .png or .svg file name"));
}

std::string Tail(absl::string_view text, size_t max_chars) {
  return std::string(text.size() > max_chars ? text.substr(text.size() - max_chars) : text);
}

// Writes the script and data, runs gnuplot, checks the figure.
absl::Status Run(absl::string_view path, const std::string& script, const std::string& data,
                 const PlotOptions& options) {
  const std::string gnuplot = FindExecutable(options.gnuplot);
  if (gnuplot.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("gnuplot ('", options.gnuplot, "') not found in PATH: ", kInstallHint));
  }
  const std::string script_path = absl::StrCat(path, ".gp");
  const std::string log_path = absl::StrCat(path, ".log");
  RETURN_IF_ERROR(WriteFileAtomically(absl::StrCat(path, ".dat"), data));
  RETURN_IF_ERROR(WriteFileAtomically(script_path, script));
  std::remove(std::string(path).c_str());

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv = {const_cast<char*>(gnuplot.c_str()),
                             const_cast<char*>(script_path.c_str()), nullptr};
  pid_t pid = 0;
  const int spawn_error =
      posix_spawn(&pid, gnuplot.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot run ", gnuplot, ": ", std::strerror(spawn_error), "; ", kInstallHint));
  }
  int wait_status = 0;
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  const absl::StatusOr<std::string> log = ReadFile(log_path);
  const std::string log_tail = log.ok() ? Tail(*log, 2000) : "";
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    return absl::InternalError(absl::StrCat(gnuplot, " ", script_path, " failed (status ",
                                            wait_status, "); its output: ", log_tail));
  }
  struct stat st;
  if (stat(std::string(path).c_str(), &st) != 0 || st.st_size == 0) {
    return absl::InternalError(absl::StrCat(gnuplot, " ", script_path, " wrote no figure to ", path,
                                            "; its output: ", log_tail));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckGnuplot(const PlotOptions& options) {
  if (FindExecutable(options.gnuplot).empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("gnuplot ('", options.gnuplot, "') not found in PATH: ", kInstallHint));
  }
  return absl::OkStatus();
}

absl::Status WriteBarChart(const BarChart& chart, absl::string_view path,
                           const PlotOptions& options) {
  const size_t n = chart.categories.size();
  if (chart.values.size() != chart.series.size() || chart.series.empty() || n == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bar chart '", chart.title, "': need >= 1 category and one value row per series (",
        chart.series.size(), " series, ", chart.values.size(), " rows, ", n, " categories)"));
  }
  for (const std::vector<double>& row : chart.values) {
    if (row.size() != n) {
      return absl::InvalidArgumentError(absl::StrCat("bar chart '", chart.title, "': a series has ",
                                                     row.size(), " values for ", n, " categories"));
    }
  }
  std::string data;
  for (size_t c = 0; c < n; ++c) {
    absl::StrAppend(&data, DataString(chart.categories[c]));
    for (const std::vector<double>& row : chart.values)
      absl::StrAppend(&data, " ", DataNumber(row[c]));
    absl::StrAppend(&data, "\n");
  }
  size_t longest_label = 0;
  for (const std::string& c : chart.categories) longest_label = std::max(longest_label, c.size());
  const int width = static_cast<int>(std::max<size_t>(800, 120 + 22 * n * chart.series.size()));
  // Long labels run vertically below the axis (about 7 px per character).
  const bool vertical = longest_label > 12;
  const int height = 450 + static_cast<int>(std::min<size_t>(longest_label, 100) * 7);
  ASSIGN_OR_RETURN(std::string script, Terminal(path, width, height));
  // Bars start at 0: the y range always holds 0, with 5 % headroom.
  double y_min = 0, y_max = 0;
  for (const std::vector<double>& row : chart.values) {
    for (double v : row) {
      if (std::isnan(v)) continue;
      y_min = std::min(y_min, v);
      y_max = std::max(y_max, v);
    }
  }
  const double pad = y_max > y_min ? 0.05 * (y_max - y_min) : 1;
  absl::StrAppend(&script, "set output ", Quote(path), "\n",        //
                  "set title ", MultilineQuote(chart.title), "\n",  //
                  "set xlabel ", Quote(chart.x_label), "\n",        //
                  "set ylabel ", Quote(chart.y_label), "\n",
                  "set datafile missing 'NaN'\n"
                  "set style data histograms\n"
                  "set style histogram clustered gap 1\n"
                  "set style fill solid 0.85 border -1\n"
                  "set boxwidth 0.9\n"
                  "set grid ytics\n"
                  "set xtics nomirror scale 0",
                  vertical            ? " rotate by 90 right"
                  : longest_label > 4 ? " rotate by -30 left"
                                      : "",
                  "\n", chart.series.size() > 1 ? "set key outside top right\n" : "unset key\n",
                  absl::StrFormat("set yrange [%.10g:%.10g]\n", y_min < 0 ? y_min - pad : 0,
                                  y_max > 0 ? y_max + pad : 0),
                  "plot ");
  const std::string data_path = absl::StrCat(path, ".dat");
  for (size_t s = 0; s < chart.series.size(); ++s) {
    absl::StrAppend(&script, s == 0 ? Quote(data_path) : ", ''", " using ", s + 2,
                    s == 0 ? ":xtic(1)" : "", " title ", Quote(chart.series[s]));
  }
  absl::StrAppend(&script, "\n");
  return Run(path, script, data, options);
}

absl::Status WriteHeatmap(const Heatmap& heatmap, absl::string_view path,
                          const PlotOptions& options) {
  const size_t rows = heatmap.row_labels.size(), cols = heatmap.column_labels.size();
  bool ragged = heatmap.values.size() != rows || rows == 0 || cols == 0;
  for (const std::vector<double>& row : heatmap.values) ragged = ragged || row.size() != cols;
  if (ragged) {
    return absl::InvalidArgumentError(absl::StrCat("heatmap '", heatmap.title, "': values must be ",
                                                   rows, " rows x ", cols, " columns"));
  }
  std::string data;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const double v = heatmap.values[r][c];
      absl::StrAppend(&data, c, " ", r, " ", DataNumber(v), " ",
                      DataString(std::isnan(v) ? "" : absl::StrFormat("%.2f", v)), "\n");
    }
  }
  auto tics = [](const std::vector<std::string>& labels) {
    std::vector<std::string> items;
    for (size_t i = 0; i < labels.size(); ++i)
      items.push_back(absl::StrCat(Quote(labels[i]), " ", i));
    return absl::StrCat("(", absl::StrJoin(items, ", "), ")");
  };
  size_t longest = 0;
  for (const std::string& l : heatmap.column_labels) longest = std::max(longest, l.size());
  for (const std::string& l : heatmap.row_labels) longest = std::max(longest, l.size());
  const int margin = 120 + static_cast<int>(std::min<size_t>(longest, 80) * 7);
  // Rotated column labels reach right of the last column by ~0.8 x their length.
  const int width = margin + 150 + static_cast<int>(cols) * 70 +
                    static_cast<int>(std::min<size_t>(longest, 80) * 5);
  const int height = margin + 60 + static_cast<int>(rows) * 50;
  ASSIGN_OR_RETURN(std::string script, Terminal(path, width, height));
  const std::string data_path = absl::StrCat(path, ".dat");
  absl::StrAppend(
      &script, "set output ", Quote(path), "\n", "set title ", MultilineQuote(heatmap.title), "\n",
      "unset key\n"
      "set datafile missing 'NaN'\n"
      "set palette defined (0 '#2166ac', 0.5 '#f7f7f7', 1 '#b2182b')\n",
      absl::StrFormat("set cbrange [%g:%g]\n", heatmap.z_min, heatmap.z_max),
      absl::StrFormat("set xrange [-0.5:%g]\nset yrange [%g:-0.5]\n", cols - 0.5, rows - 0.5),
      "set xtics ", tics(heatmap.column_labels), " rotate by -40 left scale 0\n", "set ytics ",
      tics(heatmap.row_labels), " scale 0\n", "plot ", Quote(data_path), " using 1:2:3 with image",
      heatmap.annotate ? ", '' using 1:2:4 with labels font 'sans,9'" : "", "\n");
  return Run(path, script, data, options);
}

absl::Status WriteLinePlot(const LinePlot& plot, absl::string_view path,
                           const PlotOptions& options) {
  if (plot.series.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("line plot '", plot.title, "': no series"));
  }
  // One data block per series, blocks separated by two blank lines (gnuplot's
  // `index`).
  std::string data;
  for (size_t s = 0; s < plot.series.size(); ++s) {
    const LineSeries& line = plot.series[s];
    if (line.x.empty() || line.x.size() != line.y.size()) {
      return absl::InvalidArgumentError(absl::StrCat("line plot '", plot.title, "': series '",
                                                     line.title, "' has ", line.x.size(),
                                                     " x and ", line.y.size(), " y values"));
    }
    for (size_t i = 0; i < line.x.size(); ++i) {
      absl::StrAppend(&data, DataNumber(line.x[i]), " ", DataNumber(line.y[i]), "\n");
    }
    absl::StrAppend(&data, "\n\n");
  }
  ASSIGN_OR_RETURN(std::string script, Terminal(path, 900, 600));
  const std::string data_path = absl::StrCat(path, ".dat");
  absl::StrAppend(&script, "set output ", Quote(path), "\n",       //
                  "set title ", MultilineQuote(plot.title), "\n",  //
                  "set xlabel ", Quote(plot.x_label), "\n",        //
                  "set ylabel ", Quote(plot.y_label), "\n",
                  "set datafile missing 'NaN'\n"
                  "set grid\n"
                  "set key outside top right\n"
                  "plot ");
  for (size_t s = 0; s < plot.series.size(); ++s) {
    absl::StrAppend(&script, s == 0 ? Quote(data_path) : ", ''", " index ", s,
                    " using 1:2 with linespoints pointtype 7 pointsize 0.6",
                    plot.series[s].dashed ? " dashtype 2 linewidth 2" : " linewidth 1", " title ",
                    Quote(plot.series[s].title));
  }
  absl::StrAppend(&script, "\n");
  return Run(path, script, data, options);
}

}  // namespace aimc::analysis
