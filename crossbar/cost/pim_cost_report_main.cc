// bazel run //crossbar/cost:pim_cost_report -- --net=resnet18 --preset=mnsim_default
//     [--config=PATH.textproto] [--net=alexnet|vgg16|resnet18|crossnas]
//     [--blocks=VGG:32,RES:64:7:5,...] [--num_classes=10] [--crossbar_size=32..512]
//     [--adc_choice=1..9] [--dac_choice=1..7] [--format=text|csv]
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/cost/config.h"
#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/networks.h"
#include "crossbar/cost/report.h"

ABSL_FLAG(std::string, preset, "mnsim_default", "cost-model preset name");
ABSL_FLAG(std::string, config, "", "text-proto CostConfig path (overrides --preset)");
ABSL_FLAG(std::string, net, "resnet18", "alexnet, vgg16, resnet18 or crossnas");
ABSL_FLAG(std::string, blocks, "", "crossnas blocks TYPE:K[:WB:AB],... (TYPE VGG/MVGG/RES)");
ABSL_FLAG(int, num_classes, 10, "crossnas head classes (100 = CIFAR-100 form)");
ABSL_FLAG(int, crossbar_size, 0, "crossbar and subarray size 32..512 (0 = the config's)");
ABSL_FLAG(int, adc_choice, 0, "MNSIM ADC_Choice 1..9 (0 = the config's)");
ABSL_FLAG(int, dac_choice, 0, "MNSIM DAC_Choice 1..7 (0 = the config's)");
ABSL_FLAG(std::string, format, "text", "text or csv");

namespace {

absl::StatusOr<std::string> Run() {
  using namespace aimc::crossbar::cost;
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "csv") {
    return absl::InvalidArgumentError(
        absl::StrCat("--format: expected text or csv, got '", format, "'"));
  }
  const std::string source = absl::GetFlag(FLAGS_config).empty() ? absl::GetFlag(FLAGS_preset)
                                                                 : absl::GetFlag(FLAGS_config);
  ASSIGN_OR_RETURN(CostConfig config, LoadCostConfig(source));
  RETURN_IF_ERROR(ApplyPimOverrides(absl::GetFlag(FLAGS_crossbar_size),
                                    absl::GetFlag(FLAGS_adc_choice),
                                    absl::GetFlag(FLAGS_dac_choice), &config));
  const std::string net_name = absl::GetFlag(FLAGS_net);
  Network net;
  if (net_name == "crossnas") {
    ASSIGN_OR_RETURN(const auto blocks, ParseCrossNasBlocks(absl::GetFlag(FLAGS_blocks)));
    ASSIGN_OR_RETURN(net, CrossNasNetwork(blocks, absl::GetFlag(FLAGS_num_classes)));
  } else {
    ASSIGN_OR_RETURN(net, BundledNetwork(net_name));
  }
  ASSIGN_OR_RETURN(const NetworkCost cost, EvaluateNetwork(net, config));
  if (format == "csv") return FormatCostCsv(cost);
  return FormatCostText(
      cost, absl::StrCat("pim cost: net ", net.name, ", config ", source, ", crossbar ",
                         config.xbar_size(), ", ADC choice ", config.adc_choice(), ", DAC choice ",
                         config.dac_choice(), ", Area_Calculation ", config.area_calculation(),
                         config.pipeline() ? ", pipelined" : ", layer by layer"));
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Energy, latency and area of a network on the MNSIM-style PIM chip.");
  absl::ParseCommandLine(argc, argv);
  const auto out = Run();
  if (!out.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(out.status().message()).c_str());
    return 1;
  }
  std::fputs(out->c_str(), stdout);
  return 0;
}
