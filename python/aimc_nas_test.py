"""Tests of the aimc_nas Python module against the C++ core's own outputs.

The data come from //python:write_test_data (C++): the synthetic benchmark,
whose values are formulas of the lexicographic index i
(nas/testing/synthetic_benchmark.h), and a tile's outputs for fixed seeds.
"""
import os
import pickle
import sys
import tempfile
import threading
import time
import unittest

import numpy as np

import aimc_nas

DATA = os.path.join(os.environ.get("TEST_SRCDIR", "."), "aimc_nas", "python", "testing")
FULL = os.path.join(DATA, "synthetic_full.pb")
STRIDE7 = os.path.join(DATA, "synthetic_stride7.pb")
TILE_REFERENCE = os.path.join(DATA, "tile_reference.f32")
ALL_CONV3 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"


def baseline(i):
    return 80 + (i % 1500) / 100


class CellTest(unittest.TestCase):
    def test_forms_round_trip_over_the_space(self):
        for i, cell in enumerate(aimc_nas.all_cells()):
            self.assertEqual(cell.index, i)
            self.assertEqual(aimc_nas.Cell(cell.string), cell)
            self.assertEqual(aimc_nas.Cell(cell.tuple), cell)
            self.assertEqual(aimc_nas.Cell(str(cell.tuple).replace(" ", "")), cell)
            self.assertEqual(aimc_nas.Cell(i), cell)
        self.assertEqual(aimc_nas.NUM_CELLS, 15625)

    def test_published_counts(self):
        cells = aimc_nas.all_cells()
        self.assertEqual(sum(c.is_disconnected() for c in cells), 341)
        self.assertEqual(len({c.isomorphism_key() for c in cells}), 6466)
        self.assertEqual(sum(c.pruned() == c for c in cells), 9445)

    def test_known_cell(self):
        cell = aimc_nas.Cell((0, 0, 0, 4, 3, 2))
        self.assertEqual(cell.isomorphism_key(),
                         "((0)@avg_pool_3x3+0)@nor_conv_3x3+(0)@nor_conv_1x1+0")
        self.assertEqual(cell.ops[3], "avg_pool_3x3")
        self.assertEqual(cell.count("skip_connect"), 3)
        self.assertEqual(repr(aimc_nas.Cell(ALL_CONV3)), "Cell('" + ALL_CONV3 + "')")
        # §1.5 closed form with n3 = 6: 280C² + (61 + 4K)C + K + N·6·(189C² + 14C).
        c, n, k = 16, 5, 10
        self.assertEqual(aimc_nas.Cell(ALL_CONV3).param_count(),
                         280 * c * c + (61 + 4 * k) * c + k + n * 6 * (189 * c * c + 14 * c))
        self.assertEqual(pickle.loads(pickle.dumps(cell)), cell)
        self.assertEqual(len({cell, aimc_nas.Cell(cell.index)}), 1)

    def test_graph_features(self):
        names = aimc_nas.graph_feature_names()
        self.assertEqual(len(names), 191)
        cell = aimc_nas.Cell((0, 0, 0, 4, 3, 2))
        f = cell.graph_features()
        self.assertEqual(f.shape, (191,))
        self.assertEqual(f[names.index("op_count_(skip_connect)")], 3)
        m = aimc_nas.graph_feature_matrix([cell, ALL_CONV3, 7])
        self.assertEqual(m.shape, (3, 191))
        np.testing.assert_array_equal(m[0], f)
        self.assertEqual(m[1][names.index("op_count_(nor_conv_3x3)")], 6)
        self.assertEqual(cell.one_hot().shape, (30,))

    def test_bad_architectures(self):
        with self.assertRaises(aimc_nas.InvalidArgumentError) as e:
            aimc_nas.Cell("|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|")
        self.assertIn("nor_conv_5x5", str(e.exception))
        self.assertIsInstance(e.exception, ValueError)
        self.assertEqual(e.exception.code, "INVALID_ARGUMENT")
        for bad in ["(0,1,2)", "(0,1,2,3,4,5)", "", "|", 15625, -1, [0, 1, 2, 3, 4]]:
            with self.assertRaises(ValueError, msg=repr(bad)):
                aimc_nas.Cell(bad)
        for bad in [3.5, True, None, [0, 1, 2, 3, 4, 0.5]]:
            with self.assertRaises(TypeError, msg=repr(bad)):
                aimc_nas.Cell(bad)
        with self.assertRaises(ValueError):
            aimc_nas.Cell(0).count("conv")


class BenchmarkTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.full = aimc_nas.Benchmark(FULL)
        cls.partial = aimc_nas.Benchmark(STRIDE7)

    def test_query_every_form(self):
        b = self.full
        self.assertEqual(len(b), 15625)
        i = 4321
        cell = aimc_nas.Cell(i)
        nb201 = 7919 * i % 15625
        forms = [cell, cell.string, cell.tuple, str(cell.tuple), i, str(i), "nb201:%d" % nb201]
        records = [b.query(f) for f in forms]
        for r in records[1:]:
            self.assertEqual(r.keys(), records[0].keys())
        r = records[0]
        self.assertEqual(r["arch"], cell.string)
        self.assertEqual(r["index"], i)
        self.assertEqual(r["nb201_index"], nb201)
        self.assertEqual(b.nb201_index(cell), nb201)
        self.assertEqual(r["isomorphism_key"], cell.isomorphism_key())
        self.assertAlmostEqual(r["baseline_accuracy"], baseline(i))
        self.assertAlmostEqual(r["analog_drift_86400"], baseline(i) - 2 - 1.5)
        self.assertAlmostEqual(r["analog_drift_86400_std"], 0.0625 * 3)
        self.assertEqual(r["flops"], 1000 * i + 7)
        self.assertEqual(r["params"], cell.param_count())
        self.assertAlmostEqual(b.query(cell, "avm"), 1.5)
        self.assertTrue(np.isnan(b.query(97)["ptq_accuracy"]))
        with self.assertRaises(aimc_nas.NotFoundError):
            b.query(97, "ptq_accuracy")
        self.assertEqual(b.provenance["dataset"], b.provenance.get("dataset"))
        self.assertIn(cell, b)
        self.assertEqual(set(aimc_nas.Benchmark.metric_names()) - set(r.keys()), set())

    def test_metric_arrays_are_views(self):
        b = self.full
        acc = b.metrics("baseline_accuracy")
        self.assertEqual(acc.shape, (15625,))
        self.assertEqual(acc.dtype, np.float64)
        self.assertFalse(acc.flags.writeable)
        self.assertFalse(acc.flags.owndata)
        self.assertIs(acc.base, b)
        i = np.arange(15625)
        np.testing.assert_allclose(acc, 80 + (i % 1500) / 100)
        ptq = b.metrics("ptq_accuracy")
        np.testing.assert_array_equal(np.isnan(ptq), i % 97 == 0)
        np.testing.assert_allclose(b.metrics("avm"), 1.5)
        np.testing.assert_array_equal(b.metrics("flops"), 1000 * i + 7)
        # Two views of one metric share memory; the view outlives its name.
        self.assertTrue(np.shares_memory(acc, b.metrics("baseline_accuracy")))
        view = aimc_nas.Benchmark(FULL).metrics("qat_accuracy")
        np.testing.assert_allclose(view, 80 + (i % 1500) / 100 - 0.25)
        with self.assertRaises(ValueError):
            acc[0] = 1
        picked = b.metrics("baseline_accuracy", [5, "(0,0,0,0,0,3)"])
        np.testing.assert_allclose(picked, [baseline(5), baseline(3)])

    def test_partial_benchmark(self):
        b = self.partial
        self.assertEqual(len(b), 15625 // 7)
        stored = b.stored()
        np.testing.assert_array_equal(np.flatnonzero(stored), np.arange(0, 7 * len(b), 7))
        acc = b.metrics("baseline_accuracy")
        np.testing.assert_array_equal(np.isnan(acc), ~stored)
        self.assertEqual([c.index for c in b][:3], [0, 7, 14])
        with self.assertRaises(aimc_nas.NotFoundError) as e:
            b.query(1)
        self.assertIsInstance(e.exception, LookupError)
        self.assertIn("not in the benchmark", str(e.exception))
        self.assertNotIn(1, b)
        records = b.records()
        self.assertEqual(len(records), len(b))
        self.assertEqual(records[1]["index"], 7)
        members = b.isomorphic(ALL_CONV3)
        for c in members:
            self.assertEqual(c.isomorphism_key(), aimc_nas.Cell(ALL_CONV3).isomorphism_key())
            self.assertIn(c, b)

    def test_bad_files(self):
        with self.assertRaises(aimc_nas.NotFoundError):
            aimc_nas.Benchmark("/nonexistent/benchmark.pb")
        with open(FULL, "rb") as f:
            image = f.read()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "truncated.pb")
            with open(path, "wb") as f:
                f.write(image[: len(image) // 2])
            with self.assertRaises(aimc_nas.DataLossError) as e:
                aimc_nas.Benchmark(path)
            self.assertIn(path, str(e.exception))
            self.assertIsInstance(e.exception, OSError)
        with self.assertRaises(aimc_nas.InvalidArgumentError) as e:
            self.full.metrics("accuracy")
        self.assertIn("baseline_accuracy", str(e.exception))


class TileTest(unittest.TestCase):
    W = (((7 * np.arange(64)[:, None] + 3 * np.arange(48)[None, :]) % 11 - 5)
         .astype(np.float32) / np.float32(10))
    X = (((5 * np.arange(5)[:, None] + 2 * np.arange(48)[None, :]) % 13 - 6)
         .astype(np.float32) / np.float32(6))

    def test_same_numbers_as_cpp(self):
        reference = np.fromfile(TILE_REFERENCE, dtype=np.float32).reshape(3, 5, 64)
        tile = aimc_nas.Tile(self.W, config="analognas_bench", seed=42, entity=3)
        outputs = [tile.forward(self.X)]
        tile.program(instance=2)
        tile.drift(3600, read_index=1)
        outputs += [tile.forward(self.X), tile.forward(self.X)]
        for y, ref in zip(outputs, reference):
            self.assertEqual(y.dtype, np.float32)
            np.testing.assert_array_equal(y, ref)
        # Noise really acts: the two drifted reads differ, and differ from W x.
        self.assertFalse(np.array_equal(outputs[1], outputs[2]))
        self.assertGreater(np.abs(outputs[1] - self.X @ self.W.T).max(), 1e-3)

    def test_ideal_tile_is_the_matrix_product(self):
        tile = aimc_nas.Tile(self.W)  # preset "ideal"
        self.assertEqual((tile.out_size, tile.in_size), (64, 48))
        np.testing.assert_allclose(tile.forward(self.X), self.X @ self.W.T, rtol=1e-5, atol=1e-5)
        gamma = tile.output_scales
        np.testing.assert_allclose(gamma[:, None] * tile.mapped_weights, self.W, rtol=1e-6)
        self.assertEqual(tile.forward(np.zeros((0, 48), np.float32)).shape, (0, 64))

    def test_config_forms(self):
        self.assertIn("analognas_bench", aimc_nas.tile_presets())
        text = aimc_nas.tile_config("analognas_bench")
        by_name = aimc_nas.Tile(self.W, config="analognas_bench", seed=1).forward(self.X)
        by_text = aimc_nas.Tile(self.W, config_text=text, seed=1).forward(self.X)
        np.testing.assert_array_equal(by_text, by_name)
        with tempfile.NamedTemporaryFile("w", suffix=".textproto") as f:
            f.write(text)
            f.flush()
            by_path = aimc_nas.Tile(self.W, config=f.name, seed=1).forward(self.X)
        np.testing.assert_array_equal(by_path, by_name)

    def test_bad_input(self):
        w = self.W.copy()
        with self.assertRaises(TypeError):
            aimc_nas.Tile(w.astype(np.float64))
        with self.assertRaises(TypeError):
            aimc_nas.Tile(w.tolist())
        with self.assertRaises(TypeError):
            aimc_nas.Tile(np.asfortranarray(w))
        with self.assertRaises(ValueError):
            aimc_nas.Tile(w[0])
        w[3, 5] = np.nan
        with self.assertRaises(aimc_nas.InvalidArgumentError):
            aimc_nas.Tile(w)
        with self.assertRaises(aimc_nas.NotFoundError) as e:
            aimc_nas.Tile(self.W, config="no_such_preset")
        self.assertIn("analognas_bench", str(e.exception))
        with self.assertRaises(aimc_nas.InvalidArgumentError):
            aimc_nas.Tile(self.W, config_text="forward { inp_bits: -1 }")
        with self.assertRaises(aimc_nas.InvalidArgumentError):
            aimc_nas.Tile(self.W, config_text="no_such_field: 1")
        tile = aimc_nas.Tile(self.W, config="analognas_bench")
        with self.assertRaises(aimc_nas.StatusError) as e:
            tile.drift(60)
        self.assertEqual(e.exception.code, "FAILED_PRECONDITION")
        x = self.X.copy()
        with self.assertRaises(TypeError):
            tile.forward(x.astype(np.float16))
        with self.assertRaises(TypeError):
            tile.forward(x.T)  # a view, not C-contiguous
        with self.assertRaises(ValueError):
            tile.forward(np.zeros((5, 47), np.float32))
        x[1, 2] = np.inf
        with self.assertRaises(ValueError) as e:
            tile.forward(x)
        self.assertIn("x[1, 2] is inf", str(e.exception))
        with self.assertRaises(ValueError):
            tile.forward(self.X, num_threads=0)
        with self.assertRaises(ValueError):
            tile.set_noise_exempt_rows([True])

    def test_threads_share_a_tile_safely(self):
        # The forwards of one tile, from 4 Python threads at once, are the
        # same multiset of draws as one thread's: each call takes the lock.
        tile = aimc_nas.Tile(self.W, config="analognas_bench", seed=7)
        tile.program()
        serial = aimc_nas.Tile(self.W, config="analognas_bench", seed=7)
        serial.program()
        expected = sorted(serial.forward(self.X).tobytes() for _ in range(40))
        got = []

        def work():
            for _ in range(10):
                got.append(tile.forward(self.X).tobytes())

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sorted(got), expected)


class GilTest(unittest.TestCase):
    def test_forward_releases_the_gil(self):
        # While one thread is inside a ~100 ms forward, another thread runs
        # Python freely. Measured on a 2-vCPU VM: ~2 million loop iterations
        # per second with the GIL released, ~12 thousand with it held (the
        # waiting thread gets the GIL only in rare slots), so 100 thousand per
        # second separates the two with a wide margin either way.
        sys_interval = sys.getswitchinterval()
        sys.setswitchinterval(0.001)
        try:
            rng = np.random.default_rng(0)
            tile = aimc_nas.Tile(rng.uniform(-1, 1, (512, 512)).astype(np.float32),
                                 config="analognas_bench")
            x = rng.uniform(-1, 1, (16384, 512)).astype(np.float32)
            window = {}

            def work():
                window["enter"] = time.perf_counter()
                tile.forward(x)
                window["exit"] = time.perf_counter()

            stamps = []
            t = threading.Thread(target=work)
            t.start()
            while t.is_alive():
                stamps.append(time.perf_counter())
            t.join()
        finally:
            sys.setswitchinterval(sys_interval)
        self.assertGreater(window["exit"] - window["enter"], 0.04)
        start, end = window["enter"] + 0.02, window["exit"]
        inside = [s for s in stamps if start < s < end]
        self.assertGreater(len(inside) / (end - start), 100_000)


class SearchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.full = aimc_nas.Benchmark(FULL)

    def test_every_algorithm_runs_and_repeats(self):
        self.assertIn("regularized_evolution", aimc_nas.search.algorithms())
        for name in aimc_nas.search.algorithms():
            a = aimc_nas.search.run(name, benchmark=self.full, metric="baseline_accuracy",
                                    budget=30, seed=3)
            b = aimc_nas.search.run(name, benchmark=self.full, metric="baseline_accuracy",
                                    budget=30, seed=3)
            self.assertEqual(a["best_arch"], b["best_arch"], name)
            if name == "exhaustive":  # scores every cell, whatever the budget
                self.assertEqual(a["queries"], 15625)
                self.assertEqual(a["best_value"],
                                 np.nanmax(self.full.metrics("baseline_accuracy")))
            else:
                self.assertLessEqual(a["queries"], 30)
            self.assertEqual(a["best_value"], np.nanmax(a["trajectory_values"]))
            self.assertAlmostEqual(a["best_value"],
                                   self.full.query(a["best_arch"], "baseline_accuracy"))

    def test_callable_objective_matches_the_benchmark(self):
        kw = dict(budget=50, seed=11, trial=2)
        on_file = aimc_nas.search.run("regularized_evolution", benchmark=self.full,
                                      metric="baseline_accuracy", **kw)
        on_fn = aimc_nas.search.run(
            "regularized_evolution",
            objective=lambda c: self.full.query(c, "baseline_accuracy"), **kw)
        self.assertEqual(on_file["trajectory_cells"], on_fn["trajectory_cells"])
        np.testing.assert_array_equal(on_file["trajectory_values"], on_fn["trajectory_values"])

    def test_minimize_and_partial(self):
        r = aimc_nas.search.run("random_search", benchmark=self.full, metric="params",
                                budget=40, minimize=True)
        self.assertEqual(r["best_value"], np.min(r["trajectory_values"]))
        partial = aimc_nas.Benchmark(STRIDE7)
        r = aimc_nas.search.run("local_search", benchmark=partial, metric="baseline_accuracy",
                                budget=60)
        self.assertIn(r["best_arch"], partial)

    def test_errors(self):
        with self.assertRaises(aimc_nas.NotFoundError) as e:
            aimc_nas.search.run("simulated_annealing", benchmark=self.full)
        self.assertIn("bananas", str(e.exception))
        with self.assertRaises(ValueError):
            aimc_nas.search.run("random_search")
        with self.assertRaises(ValueError):
            aimc_nas.search.run("random_search", benchmark=self.full, budget=0)

        def boom(cell):
            raise ZeroDivisionError("from the objective")

        with self.assertRaises(ZeroDivisionError):
            aimc_nas.search.run("random_search", objective=boom, budget=5)
        with self.assertRaises(ValueError):
            aimc_nas.search.run("random_search", objective=lambda c: float("nan"), budget=5)
        with self.assertRaises(ValueError):
            aimc_nas.search.run("random_search", objective=lambda c: "high", budget=5)


if __name__ == "__main__":
    unittest.main()
