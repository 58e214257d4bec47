"""ks_2samp_pvalue_approx against scipy.stats.ks_2samp(method='auto') (seeded grids).

The reference is ks_2samp_pvalue, equal to scipy's p-value. ``python tests/test_ks_pvalue_approx.py``
measures the bounds written in the function's docstring on the full grid (sizes 50 to 2,000,000,
a few minutes); the tests check them on a smaller grid drawn the same way.
"""
from __future__ import annotations

import math
import sys
import time

import numpy as np
import pytest
from scipy import stats

from python_udfs.statistics import ks_2samp_pvalue, ks_2samp_pvalue_approx

# The bounds documented in ks_2samp_pvalue_approx's docstring (Accuracy), by smallest sample size:
# the largest absolute error, and the largest relative error where scipy's p-value is >= a bound.
BOUNDS = {50: {"abs": 2e-2, 1e-3: 0.25, 1e-6: 0.35, 1e-10: 1.0},
          1_000: {"abs": 4e-3, 1e-3: 0.05, 1e-6: 0.08, 1e-10: 0.12}}

# Sizes the random draw rarely hits, each with many statistics: equal, nearly commensurate (where
# scipy's p-value is a coarse step function of D), very unequal, and both sides of scipy's switch
# from the exact to the asymptotic distribution at 10,000.
CORNER_PAIRS = [(50, 50), (51, 51), (52, 53), (60, 71), (54, 5_048), (100, 101), (100, 201), (500, 501),
                (1_000, 1_000), (1_000, 1_001), (1_000, 2_001), (3_001, 6_000), (5_000, 5_001),
                (9_999, 10_000), (10_000, 10_000), (10_001, 10_001), (50, 10_000), (50, 10_001),
                (50, 2_000_000), (1_000, 2_000_000), (2_000_000, 2_000_000)]


def _attainable(d: float, n: int, m: int) -> tuple[float, float] | None:
    """(D, scipy's p-value) for the first statistic >= d that ks_2samp can return for these sizes
    (a multiple of 1/lcm(n, m) when scipy is exact; any D above 10,000)."""
    if max(n, m) > 10_000:
        return d, ks_2samp_pvalue(d, n, m)
    lcm = (n // math.gcd(n, m)) * m
    for h in range(max(1, round(d * lcm)), min(round(d * lcm) + 200, lcm) + 1):
        try:
            return h / lcm, ks_2samp_pvalue(h / lcm, n, m)
        except ValueError:  # no samples of these sizes have this statistic
            continue
    return None


def grid(seed: int, pairs: list[tuple[int, int]], per_pair: int) -> list[tuple[float, int, int, float]]:
    """(D, n, m, reference p) for ``per_pair`` statistics per pair, sqrt(n m / (n + m)) D uniform
    in [0.2, 3.9] (p from ~1 to ~1e-12)."""
    rng = np.random.default_rng(seed)
    cases = []
    for n, m in pairs:
        en = n * m / (n + m)
        for z in rng.uniform(0.2, 3.9, per_pair):
            found = _attainable(min(z / math.sqrt(en), 1.0), n, m)
            if found is not None:
                cases.append((found[0], n, m, found[1]))
    return cases


def random_pairs(seed: int, count: int, low: float, high: float) -> list[tuple[int, int]]:
    """Sizes log-uniform in [low, high], a third of the pairs equal."""
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(count):
        n, m = (int(v) for v in np.exp(rng.uniform(math.log(low), math.log(high), 2)))
        pairs.append((n, n) if rng.random() < 1 / 3 else (n, m))
    return pairs


def errors(cases) -> dict[object, tuple[float, tuple]]:
    """The largest absolute error ("abs"), and the largest relative error where p >= each bound."""
    worst = {}
    for d, n, m, ref in cases:
        err = abs(ks_2samp_pvalue_approx(d, n, m) - ref)
        for key, value in [("abs", err)] + [(b, err / ref) for b in (1e-3, 1e-6, 1e-10) if ref >= b]:
            if value >= worst.get(key, (-1.0,))[0]:
                worst[key] = (value, (d, n, m, ref))
    return worst


def measured_grid(pairs: int = 300) -> list[tuple[float, int, int, float]]:
    """The grid the docstring's bounds come from."""
    return (grid(1, random_pairs(2, pairs, 50, 2e6), 5)
            + grid(3, random_pairs(4, pairs // 3, 50, 200), 40)
            + grid(5, [p for p in CORNER_PAIRS if max(p) <= 10_001], 200)
            + grid(6, [p for p in CORNER_PAIRS if max(p) > 10_001], 20))


def test_documented_accuracy_on_a_seeded_grid():
    # Drawn like the documented grid, kept small: sizes up to 200,000 (scipy's reference is O(n)
    # above 10,000) and the corner pairs up to 10,001 and (50, 2,000,000).
    corners = [p for p in CORNER_PAIRS if max(p) <= 10_001 or p == (50, 2_000_000)]
    cases = grid(6, random_pairs(7, 40, 50, 2e5), 5) + grid(8, corners, 10)
    assert len(cases) > 300
    for min_size, bounds in BOUNDS.items():
        worst = errors([c for c in cases if min(c[1], c[2]) >= min_size])
        for key, limit in bounds.items():
            assert worst[key][0] <= limit, (min_size, key, worst[key])


@pytest.mark.parametrize("n, m", [(1, 1), (1, 3), (3, 4), (5, 5), (50, 50), (54, 5048), (1_000, 2_001),
                                  (10_000, 10_000), (9_999, 10_000), (1, 20_000), (3, 20_000),
                                  (50, 10_001), (20_000, 30_000), (2_000_000, 2_000_000)])
def test_monotone_in_the_statistic(n, m):
    d = np.concatenate([np.linspace(0.0, 1.0, 2001), np.linspace(0.0, 0.02, 2001), [1 - 1e-12, 1.0]])
    p = np.array([ks_2samp_pvalue_approx(float(v), n, m) for v in np.sort(d)])
    assert np.all((p >= 0.0) & (p <= 1.0))
    assert np.all(np.diff(p) <= 0.0), (n, m, np.flatnonzero(np.diff(p) > 0)[:5])


@pytest.mark.parametrize("n, m", [(1, 1), (1, 3), (3, 4), (7, 7), (50, 60), (300, 2_000), (10_000, 9_999),
                                  (1, 20_000), (20_000, 30_000), (2_000_000, 50)])
def test_edges_match_scipy(n, m):
    # D = 0: identical samples; D = 1: disjoint samples, p = 2 / C(n + m, n) when scipy is exact
    # (0 above 10,000, where it uses kstwo).
    assert ks_2samp_pvalue_approx(0.0, n, m) == 1.0 == ks_2samp_pvalue(0.0, n, m)
    expected = ks_2samp_pvalue(1.0, n, m)
    if max(n, m) <= 10_000:
        assert expected == pytest.approx(float(stats.ks_2samp(np.zeros(n), np.ones(m)).pvalue), rel=1e-12)
    assert ks_2samp_pvalue_approx(1.0, n, m) == pytest.approx(expected, rel=1e-9, abs=1e-300)
    # A statistic that scipy rounds to 0 (below half a lattice step) gives 1, as there.
    tiny = 0.4 / ((n // math.gcd(n, m)) * m)
    assert ks_2samp_pvalue_approx(tiny, n, m) == (1.0 if max(n, m) <= 10_000 else pytest.approx(1.0))


@pytest.mark.parametrize("n", [1, 2, 3, 10, 200])
def test_near_one_above_10000_is_scipys_exact_tail(n):
    # scipy's kstwo.sf(d, N) is 2 (1 - d)^N for d >= 1 - 1/N; so is the approximation.
    m = 10**7
    big_n = round(n * m / (n + m))
    for d in np.linspace(1 - 1 / big_n, 1.0, 7):
        assert ks_2samp_pvalue_approx(float(d), n, m) == pytest.approx(
            float(np.clip(stats.kstwo.sf(d, big_n), 0, 1)), rel=1e-9, abs=1e-300)


def test_none_is_sql_null():
    assert ks_2samp_pvalue_approx(None, 3, 4) is None
    assert ks_2samp_pvalue_approx(0.5, None, 4) is None
    assert ks_2samp_pvalue_approx(0.5, 3, None) is None


@pytest.mark.parametrize("args, message", [
    ((1.5, 3, 4), r"statistic must be a number in \[0.0, 1.0\], got 1.5"),
    ((-0.1, 3, 4), r"statistic must be a number in \[0.0, 1.0\], got -0.1"),
    ((float("nan"), 3, 4), r"statistic must be a number in \[0.0, 1.0\], got nan"),
    (("0.5", 3, 4), r"statistic must be a number in \[0.0, 1.0\], got '0.5'"),
    ((True, 3, 4), r"statistic must be a number in \[0.0, 1.0\], got True"),
    ((0.5, 0, 4), r"n must be a whole number >= 1, got 0"),
    ((0.5, -3, 4), r"n must be a whole number >= 1, got -3"),
    ((0.5, 3, 2.5), r"m must be a whole number >= 1, got 2.5"),
    ((0.5, 3, float("nan")), r"m must be a whole number >= 1, got nan"),
])
def test_validation_messages(args, message):
    with pytest.raises(ValueError, match=message):
        ks_2samp_pvalue_approx(*args)


def test_whole_floats_are_counts():
    assert ks_2samp_pvalue_approx(0.3, 40.0, 60.0) == ks_2samp_pvalue_approx(0.3, 40, 60)


def test_registered_as_a_sql_udf_on_duckdb():
    # The dbt-duckdb plugin registers every UDF of the registry; NULL in, NULL out.
    import duckdb

    from model_monitor.duckdb_plugin import register

    con = duckdb.connect()
    try:
        register(con)
        row = con.execute("select model_monitor_ks_2samp_pvalue_approx(0.3, 10, 12), "
                          "model_monitor_ks_2samp_pvalue_approx(0.004, 2000000, 1500000), "
                          "model_monitor_ks_2samp_pvalue_approx(null, 10, 12)").fetchone()
    finally:
        con.close()
    assert row[0] == ks_2samp_pvalue_approx(0.3, 10, 12)
    assert row[1] == ks_2samp_pvalue_approx(0.004, 2_000_000, 1_500_000)
    assert row[2] is None


def main(pairs: int = 300) -> None:
    """Measure the documented bounds on the full grid and print them (about two minutes)."""
    start = time.perf_counter()
    cases = measured_grid(pairs)
    print(f"{len(cases)} statistics, reference computed in {time.perf_counter() - start:.0f} s")
    for min_size in BOUNDS:
        subset = [c for c in cases if min(c[1], c[2]) >= min_size]
        print(f"min(n, m) >= {min_size}: {len(subset)} statistics")
        for key, (value, (d, n, m, ref)) in errors(subset).items():
            label = "abs" if key == "abs" else f"rel p>={key:g}"
            print(f"  max {label:12s} {value:.2e}  at D={d:.6g} n={n} m={m} p={ref:.4g} "
                  f"approx={ks_2samp_pvalue_approx(d, n, m):.4g}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
