#include "experiments/crossnas/table1.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/space_size.h"

namespace aimc::experiments::crossnas {
namespace {

namespace nc = ::aimc::nas::crossnas;

// Table 1 of the paper as crossnas_spec.md §2.1 transcribes it.
constexpr const char* kPaperChoices[] = {"1-8",     "VGG, MVGG, RES",   "32, 64, 128", "5, 7, 9",
                                         "5, 7, 9", "32, 64, 128, 256", "4, 6, 8, 10", "1, 2"};

std::string Num(uint64_t n) { return WithThousands(absl::StrCat(n)); }

std::string Sci(nc::Count128 n) { return absl::StrFormat("%.2e", static_cast<double>(n)); }

// One "size" row: what, the spec's number (or "-"), ours.
std::string SizeRow(const std::string& what, const std::string& paper, const std::string& ours) {
  return absl::StrFormat("%-58s %-16s %s\n", what, paper, ours);
}

}  // namespace

std::string WithThousands(const std::string& digits) {
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

Table1Report BuildTable1Report() {
  Table1Report r;
  const nc::ArchSpaceOptions c10 = nc::Cifar10ArchSpace();
  const nc::ArchSpaceOptions c100 = nc::Cifar100ArchSpace();
  std::string& out = r.text;
  absl::StrAppend(&out,
                  "CrossNAS Table 1: the search space (arXiv 2505.22868; crossnas_spec.md "
                  "§2.1, sizes §2.4)\n");
  absl::StrAppend(&out, absl::StrFormat("%-13s %-29s %-18s %s\n", "level", "parameter", "paper",
                                        "ours (nas/crossnas)"));
  const std::vector<nc::Table1Row> rows = nc::Table1Rows(c10);
  bool rows_equal = rows.size() == 8;
  for (size_t i = 0; i < rows.size(); ++i) {
    const char* paper = i < 8 ? kPaperChoices[i] : "-";
    rows_equal = rows_equal && rows[i].choices == paper;
    absl::StrAppend(&out, absl::StrFormat("%-13s %-29s %-18s %s\n", rows[i].level,
                                          rows[i].parameter, paper, rows[i].choices));
  }
  absl::StrAppend(&out,
                  "encoding: 8 genes in 0..10 (g<=8: type g/3, width g%3; 9,10 skip); "
                  "stage 4: per-block WB/AB gene (9 states), crossbar x DAC gene (8), ADC "
                  "gene (4: MNSIM choices 7, 6, 2, 1); head 9/9\n\n");
  r.checks.push_back({"T1a", "the library's choices equal the paper's Table 1",
                      rows_equal ? "8 of 8 rows equal" : "rows differ", rows_equal});

  absl::StrAppend(&out, SizeRow("space size", "paper/spec", "ours"));
  const uint64_t nominal = nc::NominalArchCount(c10);
  const uint64_t legal = nc::LegalArchCount(c10);
  const std::vector<uint64_t> by_depth = nc::LegalArchCountsByDepth(c10);
  const std::vector<uint64_t> want_depth = {9, 81, 729, 6561, 58806, 521964, 4566456, 39261024};
  const uint64_t raw = nc::RawGenotypeCount(c10);
  absl::StrAppend(&out,
                  SizeRow("architectures, no cap (sum 9^n, n=1..8)", "48,427,560", Num(nominal)));
  absl::StrAppend(&out, SizeRow("architectures, <= 4 VGG (CIFAR-10)", "44,415,630", Num(legal)));
  std::vector<std::string> depth_text;
  for (uint64_t c : by_depth) depth_text.push_back(Num(c));
  absl::StrAppend(&out, "  per depth n=1..8: ", absl::StrJoin(depth_text, " / "),
                  by_depth == want_depth ? "  (= spec)\n"
                                         : "  (spec: 9 / 81 / 729 / 6,561 / "
                                           "58,806 / 521,964 / 4,566,456 / "
                                           "39,261,024)\n");
  absl::StrAppend(&out, SizeRow("raw genotypes 11^8", "214,358,881", Num(raw)));
  absl::StrAppend(&out, SizeRow("raw genotypes the code's is_legal accepts", "-",
                                Num(nc::CodeLegalRawGenotypeCount(c10))));
  absl::StrAppend(&out, SizeRow("architectures, <= 4 VGG + stride-2 RES (CIFAR-100 [R])", "-",
                                Num(nc::LegalArchCount(c100))));
  nc::ArchSpaceOptions t0 = c10;
  t0.max_blocks = 3;
  absl::StrAppend(&out, SizeRow("architectures at T0 (D_max 3)", "-", Num(nc::LegalArchCount(t0))));
  absl::StrAppend(&out, SizeRow("bit maps x PIM configs, n-block net (9^n x 32), n=5", "-",
                                Num(nc::QpimConfigsPerArch(5))));
  const nc::Count128 joint = nc::JointSpaceSize(c10, false, false);
  const nc::Count128 joint_cap = nc::JointSpaceSize(c10, false, true);
  const nc::Count128 per_conv = nc::JointSpaceSize(c10, true, false);
  absl::StrAppend(
      &out, SizeRow("joint, per-block bits, no cap (32 sum 81^n)", "~6.0e16",
                    absl::StrCat(Sci(joint), " = ", WithThousands(nc::Count128ToString(joint)))));
  absl::StrAppend(&out, SizeRow("joint, per-block bits, <= 4 VGG", "-", Sci(joint_cap)));
  absl::StrAppend(&out, SizeRow("joint, per-conv bits, no cap", "~8.3e28", Sci(per_conv)));

  auto check_eq = [&](const char* id, const char* what, uint64_t want, uint64_t got) {
    r.checks.push_back({id, absl::StrCat(what, " = ", Num(want)), Num(got), want == got});
  };
  check_eq("T1b", "architectures without the cap", 48427560, nominal);
  check_eq("T1c", "architectures with <= 4 VGG", 44415630, legal);
  r.checks.push_back({"T1d", "per-depth counts equal the spec's",
                      by_depth == want_depth ? "8 of 8" : "differ", by_depth == want_depth});
  check_eq("T1e", "raw genotypes", 214358881, raw);
  const double j = static_cast<double>(joint), p = static_cast<double>(per_conv);
  r.checks.push_back(
      {"T1f", "joint per-block size rounds to 6.0e16", Sci(joint), j >= 5.95e16 && j < 6.05e16});
  r.checks.push_back(
      {"T1g", "joint per-conv size rounds to 8.3e28", Sci(per_conv), p >= 8.25e28 && p < 8.35e28});
  return r;
}

}  // namespace aimc::experiments::crossnas
