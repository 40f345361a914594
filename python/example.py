"""The README's Python example: load a benchmark, query it, search it, plot it.

bazel run //python:example -- /path/to/benchmark.pb   (example_test runs it on
the synthetic benchmark; any AnalogNAS-Bench file works.)
"""
import os
import sys
import tempfile

import aimc_nas

bench = aimc_nas.Benchmark(sys.argv[1])  # 15,625 records load in ~0.1 s
print(bench, bench.provenance.get("scale"))
arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
print(bench.query(arch, "analog_drift_86400"), "% after 1 day of drift")
acc_1d = bench.metrics("analog_drift_86400")  # all cells by index, a view (no copy)
result = aimc_nas.search.run("regularized_evolution", benchmark=bench,
                             metric="analog_drift_86400", budget=100, seed=0)
print("best of 100 queries:", result["best_arch"], result["best_value"])

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
if plt is not None:
    plt.scatter(bench.metrics("baseline_accuracy"), acc_1d, s=1)
    plt.xlabel("baseline accuracy (%)")
    plt.ylabel("analog accuracy after 1 d (%)")
    out = os.path.join(os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR", tempfile.gettempdir()),
                       "drift_vs_baseline.png")
    plt.savefig(out, dpi=80)
    print("wrote", out)
