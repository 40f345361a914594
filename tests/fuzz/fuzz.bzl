"""aimc_fuzz_target: one libFuzzer harness, its fuzzer binary and its seed-corpus test."""

load("//common:copts.bzl", "AIMC_COPTS")

def aimc_fuzz_target(name, srcs, deps, corpus):
    """A harness defining LLVMFuzzerTestOneInput, built three ways.

    <name>_harness: the harness as a library (alwayslink: nothing but the
        driver or libFuzzer refers to LLVMFuzzerTestOneInput).
    <name>: the fuzzer, tagged manual. With --config=fuzz it links libFuzzer
        (-fsanitize=fuzzer); otherwise it links corpus_driver.cc and replays
        the files or directories on its command line.
    <name>_corpus_test: a cc_test (any config) replaying corpus/<corpus>/.

    Args:
      name: target name, "<parser>_fuzzer".
      srcs: the harness sources.
      deps: the parsers' targets (and what the harness includes).
      corpus: directory under tests/fuzz/corpus/ holding the seed inputs.
    """
    native.cc_library(
        name = name + "_harness",
        testonly = True,
        srcs = srcs,
        copts = AIMC_COPTS,
        deps = deps + [":fuzz_util"],
        alwayslink = True,
    )
    native.cc_binary(
        name = name,
        testonly = True,
        copts = AIMC_COPTS,
        linkopts = select({
            ":fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["manual"],
        deps = [":" + name + "_harness"] + select({
            ":fuzzing": [],
            "//conditions:default": [":corpus_driver"],
        }),
    )
    native.cc_test(
        name = name + "_corpus_test",
        size = "small",
        args = ["tests/fuzz/corpus/" + corpus],
        data = native.glob(["corpus/%s/**" % corpus]),
        deps = [
            ":" + name + "_harness",
            ":corpus_driver",
        ],
    )
