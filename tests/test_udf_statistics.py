"""The UDF functions against scipy, on random and extreme arguments (seeded)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from python_udfs import chi2_sf, ks_2samp_pvalue, normal_sf

RNG = np.random.default_rng(20261123)


def _rel_close(actual: float, expected: float, rtol: float = 1e-9) -> bool:
    return actual == expected or abs(actual - expected) <= rtol * abs(expected) + 1e-300


def _random_samples():
    cases = []
    for _ in range(60):
        n, m = (int(v) for v in RNG.integers(1, 400, 2))
        shift = RNG.normal(0, 0.5)
        x = np.round(RNG.normal(0, 1, n), int(RNG.integers(0, 3)))  # ties
        y = np.round(RNG.normal(shift, 1, m), int(RNG.integers(0, 3)))
        cases.append((x, y))
    # equal sizes (scipy's square method), one-row windows, identical samples, disjoint samples
    cases += [(RNG.normal(size=50), RNG.normal(size=50)), (RNG.normal(size=1), RNG.normal(size=300)),
              (np.ones(7), np.ones(3)), (np.arange(5.0), np.arange(5.0) + 10),
              (RNG.normal(size=3000), RNG.normal(0.1, 1, 2000)),
              (RNG.normal(size=12000), RNG.normal(0.02, 1, 9000)),  # asymptotic path
              (RNG.normal(size=10000), RNG.normal(0.05, 1, 10000))]
    return cases


@pytest.mark.parametrize("x, y", _random_samples())
def test_ks_pvalue_equals_scipy(x, y):
    expected = stats.ks_2samp(x, y, method="auto")
    actual = ks_2samp_pvalue(float(expected.statistic), len(x), len(y))
    assert _rel_close(actual, float(expected.pvalue)), (actual, expected.pvalue)


@pytest.mark.parametrize("d, n, m", [(0.0, 5, 7), (1.0, 1, 1), (1.0, 3, 4), (1.0, 20000, 30000),
                                     (0.0, 1, 1), (0.5, 2, 2), (1e-5, 10**6, 10**6)])
def test_ks_pvalue_extremes(d, n, m):
    if max(n, m) <= 10000:
        x, y = _samples_for(d, n, m)
        expected = float(stats.ks_2samp(x, y).pvalue)
    else:
        en = max(n, m) * min(n, m) / (n + m)
        expected = float(np.clip(stats.kstwo.sf(d, round(en)), 0, 1))
    assert _rel_close(ks_2samp_pvalue(d, n, m), expected)


def _samples_for(d, n, m):
    # D = 1: disjoint samples; D = 0: identical; D = 0.5 with n = m = 2
    if d == 1.0:
        return np.zeros(n), np.ones(m)
    if d == 0.0:
        return np.zeros(n), np.zeros(m)
    return np.array([0.0, 1.0]), np.array([1.0, 1.0])


@pytest.mark.parametrize("dof", [1, 2, 3, 10, 100, 1000])
def test_chi2_sf_equals_scipy(dof):
    for x in [0.0, 1e-12, 0.5, 1.0, dof, 3.0 * dof, 50.0 * dof + 100, 1e4]:
        assert _rel_close(chi2_sf(x, dof), float(stats.chi2.sf(x, dof)))


def test_normal_sf_equals_scipy():
    for z in [-math.inf, -40.0, -3.0, 0.0, 1e-9, 1.0, 8.0, 38.0, math.inf, *RNG.normal(0, 5, 50)]:
        assert _rel_close(normal_sf(float(z)), float(stats.norm.sf(z)))


def test_none_is_sql_null():
    assert ks_2samp_pvalue(None, 3, 4) is None
    assert chi2_sf(1.0, None) is None
    assert normal_sf(None) is None


@pytest.mark.parametrize("call, message", [
    (lambda: ks_2samp_pvalue(1.5, 3, 4), r"statistic must be a number in \[0.0, 1.0\], got 1.5"),
    (lambda: ks_2samp_pvalue(-0.1, 3, 4), r"statistic must be a number in \[0.0, 1.0\], got -0.1"),
    (lambda: ks_2samp_pvalue(0.5, 0, 4), r"n must be a whole number >= 1, got 0"),
    (lambda: ks_2samp_pvalue(0.5, 3, 2.5), r"m must be a whole number >= 1, got 2.5"),
    (lambda: ks_2samp_pvalue(float("nan"), 3, 4), r"statistic must be a number in"),
    (lambda: chi2_sf(-1.0, 2), r"statistic must be a number in \[0.0, inf\], got -1.0"),
    (lambda: chi2_sf(1.0, 0), r"dof must be a whole number >= 1, got 0"),
    (lambda: chi2_sf(math.inf, 2), r"statistic must be finite"),
    (lambda: normal_sf(float("nan")), r"z must be a number, got nan"),
    (lambda: normal_sf("1"), r"z must be a number, got '1'"),
])
def test_validation_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()
