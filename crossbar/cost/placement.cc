#include "crossbar/cost/placement.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>

namespace aimc::crossbar::cost {
namespace {

// Extremes of u = row + col and v = row - col: the max Manhattan distance
// from a point to the set is max(|u - u_min|, |u - u_max|, |v - v_min|, |v - v_max|).
struct Extent {
  int u_min = INT_MAX, u_max = INT_MIN, v_min = INT_MAX, v_max = INT_MIN;
  bool empty() const { return u_min == INT_MAX; }
  void Add(TilePosition p) {
    u_min = std::min(u_min, p.row + p.col);
    u_max = std::max(u_max, p.row + p.col);
    v_min = std::min(v_min, p.row - p.col);
    v_max = std::max(v_max, p.row - p.col);
  }
  void AddTiles(int first, int count) {
    for (int t = first; t < first + count; ++t) Add(TileCoordinates(t));
  }
  int MaxDistance(TilePosition p) const {
    if (empty()) return 0;
    const int u = p.row + p.col, v = p.row - p.col;
    return std::max(std::max(u - u_min, u_max - u), std::max(v - v_min, v_max - v));
  }
};

int AccumulatorDistance(TilePosition p, const Hardware& hw) {
  return std::abs(p.row - hw.tile_grid / 2) + p.col;
}

}  // namespace

TilePosition TileCoordinates(int tile_id) {
  int s = static_cast<int>(std::sqrt(static_cast<double>(tile_id)));
  while (s * s > tile_id) --s;
  while ((s + 1) * (s + 1) <= tile_id) ++s;
  const int o = tile_id - s * s;
  if (s % 2 == 1) return o <= s ? TilePosition{o, s} : TilePosition{s, 2 * s - o};
  return o <= s ? TilePosition{s, o} : TilePosition{2 * s - o, s};
}

std::vector<LayerPlacement> PlaceNetwork(const Network& network, const NetworkMapping& mapping,
                                         const Hardware& hw) {
  const int num_layers = network.layers.size();
  std::vector<std::vector<int>> consumers(num_layers);
  for (int l = 0; l < num_layers; ++l) {
    for (int p : network.layers[l].inputs) consumers[p].push_back(l);
  }
  std::vector<LayerPlacement> out(num_layers);
  for (int l = 0; l < num_layers; ++l) {
    const LayerMapping& m = mapping.layers[l];
    if (network.layers[l].kind == LayerKind::kElementSum) {
      for (int c : consumers[l]) {
        const LayerMapping& cm = mapping.layers[c];
        if (cm.tiles == 0) continue;
        out[l].d_out =
            std::max(out[l].d_out, AccumulatorDistance(TileCoordinates(cm.first_tile), hw));
      }
      continue;
    }
    Extent own, cons;
    own.AddTiles(m.first_tile, m.tiles);
    bool to_accumulator = false;
    for (int c : consumers[l]) {
      cons.AddTiles(mapping.layers[c].first_tile, mapping.layers[c].tiles);
      to_accumulator |= network.layers[c].kind == LayerKind::kElementSum;
    }
    int best_cost = INT_MAX;
    TilePosition best_pos;
    for (int t = m.first_tile; t < m.first_tile + m.tiles; ++t) {
      const TilePosition p = TileCoordinates(t);
      const int d_in = own.MaxDistance(p);
      int d_out = cons.MaxDistance(p);
      if (to_accumulator) d_out = std::max(d_out, AccumulatorDistance(p, hw));
      const int cost = d_in + d_out;
      const bool earlier = p.row < best_pos.row || (p.row == best_pos.row && p.col < best_pos.col);
      if (cost < best_cost || (cost == best_cost && earlier)) {
        best_cost = cost;
        best_pos = p;
        out[l] = LayerPlacement{t, d_in, d_out};
      }
    }
  }
  return out;
}

}  // namespace aimc::crossbar::cost
