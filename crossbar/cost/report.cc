#include "crossbar/cost/report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aimc::crossbar::cost {

std::string FormatCostText(const NetworkCost& c, const std::string& header) {
  std::string s = absl::StrCat("# ", header, "\n");
  absl::StrAppendFormat(&s, "%-18s %-11s %6s %6s %12s %12s %12s %10s\n", "layer", "kind", "tiles",
                        "pes", "energy_mj", "busy_ms", "finish_ms", "area_mm2");
  for (const LayerCost& l : c.layers) {
    absl::StrAppendFormat(&s, "%-18s %-11s %6d %6d %12.6g %12.6g %12.6g %10.4f\n", l.name,
                          LayerKindName(l.kind), l.mapping.tiles, l.mapping.pes,
                          l.energy.total_nj() * 1e-6, l.busy_ns * 1e-6, l.finish_ns * 1e-6,
                          l.area_um2 * 1e-6);
  }
  absl::StrAppendFormat(&s,
                        "total: tiles %d, PEs %d, energy %.6g mJ, latency %.6g ms, area %.6g mm2, "
                        "EDP %.6g mJ*ms\n",
                        c.total_tiles, c.total_pes, c.energy_mj(), c.latency_ms(), c.area_mm2(),
                        c.edp_mj_ms());
  const EnergyBreakdown& e = c.energy;
  const double t = e.total_nj() > 0 ? 100 / e.total_nj() : 0;
  absl::StrAppendFormat(&s,
                        "energy shares: ADC %.1f %%, buffers %.1f %%, crossbar %.2f %%, DAC %.2f "
                        "%%, digital %.2f %%, pooling %.2f %%\n",
                        e.adc_nj * t, e.buffer_nj * t, e.xbar_nj * t, e.dac_nj * t,
                        e.digital_nj * t, e.pool_nj * t);
  absl::StrAppendFormat(&s, "tile: %.4f mm2 (PE input buffer %g KB, tile output buffer %g KB)\n",
                        c.tile_area.total_um2() * 1e-6, c.pe_input_buffer_kb,
                        c.tile_output_buffer_kb);
  return s;
}

std::string FormatCostCsv(const NetworkCost& c) {
  std::string s = "network,layer,kind,tiles,pes,energy_mj,busy_ms,finish_ms,area_mm2\n";
  for (const LayerCost& l : c.layers) {
    absl::StrAppendFormat(&s, "%s,%s,%s,%d,%d,%.8g,%.8g,%.8g,%.8g\n", c.network, l.name,
                          LayerKindName(l.kind), l.mapping.tiles, l.mapping.pes,
                          l.energy.total_nj() * 1e-6, l.busy_ns * 1e-6, l.finish_ns * 1e-6,
                          l.area_um2 * 1e-6);
  }
  absl::StrAppendFormat(&s, "%s,total,,%d,%d,%.8g,,%.8g,%.8g\n", c.network, c.total_tiles,
                        c.total_pes, c.energy_mj(), c.latency_ms(), c.area_mm2());
  absl::StrAppendFormat(&s, "%s,edp_mj_ms,,,,%.8g,,,\n", c.network, c.edp_mj_ms());
  return s;
}

}  // namespace aimc::crossbar::cost
