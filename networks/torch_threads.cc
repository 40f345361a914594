#include "networks/torch_threads.h"

#include <ATen/Parallel.h>

namespace aimc::networks {

ScopedTorchThreads::ScopedTorchThreads(int num_threads) : previous_(at::get_num_threads()) {
  if (num_threads != previous_) at::set_num_threads(num_threads);
}

ScopedTorchThreads::~ScopedTorchThreads() {
  if (at::get_num_threads() != previous_) at::set_num_threads(previous_);
}

}  // namespace aimc::networks
