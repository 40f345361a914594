// glibc's malloc returns freed blocks above its mmap threshold to the kernel
// and trims the heap top: LibTorch's training loop frees and re-allocates its
// large activations every step, and each re-allocation then costs page faults
// (~10 µs per 4 KiB page on this VM; an NB201 C=8 N=1 training step on one
// thread takes 440-550 ms instead of 150-200 ms, networks/analog README).
// glibc's own settings only have this effect as environment tunables read at
// start-up (mallopt() at run time also freezes the adaptive mmap threshold,
// which made it slower in our measurements), so RetainFreedMemory re-executes
// the program once with them set. Call it first thing in main(); it changes no
// result, only time and resident memory. Not thread-safe (call before
// threads start); a no-op when the settings are present or exec fails.
#ifndef AIMC_COMMON_MALLOC_TUNING_H_
#define AIMC_COMMON_MALLOC_TUNING_H_

namespace aimc {

// Sets MALLOC_MMAP_THRESHOLD_=33554432 (glibc's maximum),
// MALLOC_TRIM_THRESHOLD_=68719476736 and MALLOC_TOP_PAD_=268435456 and
// execs /proc/self/exe with the same arguments, unless AIMC_MALLOC_TUNED is
// set (the re-executed process sets it). Returns only if it did not exec.
void RetainFreedMemory(char** argv);

// The same for binaries whose main() is not ours (Google Benchmark's): reads
// the arguments from /proc/self/cmdline.
void RetainFreedMemory();

}  // namespace aimc

#endif  // AIMC_COMMON_MALLOC_TUNING_H_
