// Tiny training fixtures shared by the trainer and regime tests: a 4-class
// NB201 network (C=4, N=1, 1 input channel), a 2-epoch config (batch 16, seed
// 7, 1 thread, silent), temp paths and a bit-exact state comparison.
// testonly; thread-compatible.
#ifndef AIMC_TRAINING_TESTING_TINY_TRAINING_H_
#define AIMC_TRAINING_TESTING_TINY_TRAINING_H_

#include <cstdint>
#include <string>

#include "networks/network.h"
#include "training/trainer_config.h"

namespace aimc::training::testing {

// $TEST_TMPDIR/name (or /tmp/name), removed if it exists.
std::string TempPath(const std::string& name);

// NB201 cell (2,2,0,2,2,3), 4 stem channels, 1 cell per stage, 4 classes.
networks::Network TinyNb201(uint64_t init_seed);

// 2 epochs, batch 16, seed 7, 1 thread, log nullptr, checkpoint at
// `checkpoint_path` ("" = none); the optimizer and schedule defaults.
TrainerConfig TinyConfig(const std::string& checkpoint_path);

// gtest expectations: every parameter and buffer of a and b has the same
// name and is bit-identical.
void ExpectIdentical(networks::Network& a, networks::Network& b);

}  // namespace aimc::training::testing

#endif  // AIMC_TRAINING_TESTING_TINY_TRAINING_H_
