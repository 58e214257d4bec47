"""p-values from the statistics the SQL computes.

Each function validates its arguments first and raises ``ValueError`` naming the argument and
the value; ``None`` in gives ``None`` out (SQL NULL).
"""
from __future__ import annotations

import math

__all__ = ["ks_2samp_pvalue", "chi2_sf", "normal_sf"]

# scipy.stats.ks_2samp(method='auto') is exact up to this sample size, asymptotic above it.
_KS_EXACT_MAX_N = 10000


def _check_count(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    if float(value) != math.floor(float(value)) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def _check_real(name: str, value: object, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    x = float(value)
    if not (low <= x <= high):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {value!r}")
    return x


def _two_point_samples(h: int, n: int, m: int, g: int) -> tuple[list[float], list[float]]:
    """Samples of sizes n and m on {0, 1} whose ECDFs differ by exactly h / lcm(n, m) at 0."""
    # k1 / n - k2 / m = h / lcm  <=>  k1 * (m / g) - k2 * (n / g) = h, solved with
    # Euclid's algorithm for the inverse of m / g modulo n / g.
    mg, ng = m // g, n // g
    k1 = (h * pow(mg, -1, ng)) % ng if ng > 1 else 0
    k2 = (k1 * mg - h) // ng
    while k2 < 0:
        k1, k2 = k1 + ng, k2 + mg
    if not (0 <= k1 <= n and 0 <= k2 <= m):
        raise ValueError(f"no samples of sizes {n} and {m} have a KS statistic of {h}/{ng * m}")
    return [0.0] * k1 + [1.0] * (n - k1), [0.0] * k2 + [1.0] * (m - k2)


def ks_2samp_pvalue(statistic: float | None, n: int | None, m: int | None) -> float | None:
    """Two-sided p-value of the two-sample Kolmogorov-Smirnov statistic.

    Equal to ``scipy.stats.ks_2samp(x, y, method='auto').pvalue`` for any samples ``x`` of size
    ``n`` and ``y`` of size ``m`` whose statistic is ``statistic``: exact when both sizes are at
    most 10,000, otherwise the asymptotic distribution (``scipy.stats.kstwo`` at
    ``round(n * m / (n + m))``).

    Parameters
    ----------
    statistic : float
        The KS statistic D = max |F_n(x) - G_m(x)|, in [0, 1].
    n, m : int
        Sizes of the two samples, >= 1.

    Returns
    -------
    float or None
        The p-value in [0, 1]; None when any argument is None.

    Raises
    ------
    ValueError
        When ``statistic`` is outside [0, 1] or a size is not a whole number >= 1.

    Notes
    -----
    D only takes values k / lcm(n, m). The exact p-value depends on (D, n, m) alone, so two
    samples on {0, 1} with that statistic are built and passed to scipy, which then follows its
    own exact path (and its own fallback to the asymptotic one) unchanged.

    References
    ----------
    .. [1] Hodges, J.L. Jr., "The Significance Probability of the Smirnov Two-Sample Test,"
       Arkiv fiur Matematik, 3, No. 43 (1958), 469-486.
    .. [2] scipy.stats.ks_2samp, https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.ks_2samp.html
    """
    if statistic is None or n is None or m is None:
        return None
    d = _check_real("statistic", statistic, 0.0, 1.0)
    n = _check_count("n", n)
    m = _check_count("m", m)
    from scipy import stats

    if max(n, m) > _KS_EXACT_MAX_N:
        big, small = max(float(n), float(m)), min(float(n), float(m))
        en = big * small / (big + small)
        return float(min(max(stats.kstwo.sf(d, round(en)), 0.0), 1.0))
    g = math.gcd(n, m)
    lcm = (n // g) * m
    h = int(round(d * lcm))
    if h == 0:
        return 1.0
    x, y = _two_point_samples(h, n, m, g)
    return float(stats.ks_2samp(x, y, method="auto").pvalue)


def chi2_sf(statistic: float | None, dof: int | None) -> float | None:
    """Survival function of the chi-square distribution, P(X >= statistic).

    Equal to ``scipy.stats.chi2.sf(statistic, dof)``.

    Parameters
    ----------
    statistic : float
        A chi-square statistic, >= 0.
    dof : int
        Degrees of freedom, a whole number >= 1.

    Returns
    -------
    float or None
        The p-value; None when an argument is None.

    Raises
    ------
    ValueError
        When ``statistic`` is negative or not finite, or ``dof`` is not a whole number >= 1.

    References
    ----------
    .. [1] scipy.special.chdtrc, the complemented chi-square distribution function (Cephes).
    """
    if statistic is None or dof is None:
        return None
    x = _check_real("statistic", statistic, 0.0, math.inf)
    if math.isinf(x):
        raise ValueError(f"statistic must be finite, got {statistic!r}")
    k = _check_count("dof", dof)
    from scipy import special

    return float(special.chdtrc(k, x))


def normal_sf(z: float | None) -> float | None:
    """Survival function of the standard normal distribution, P(Z >= z).

    Equal to ``scipy.stats.norm.sf(z)``, accurate in the far upper tail (no ``1 - cdf``).

    Parameters
    ----------
    z : float
        Any real number, including +/-inf.

    Returns
    -------
    float or None
        The tail probability; None when ``z`` is None.

    Raises
    ------
    ValueError
        When ``z`` is NaN or not a number.

    References
    ----------
    .. [1] scipy.special.ndtr, the standard normal cumulative distribution function (Cephes).
    """
    if z is None:
        return None
    if isinstance(z, bool) or not isinstance(z, (int, float)) or z != z:
        raise ValueError(f"z must be a number, got {z!r}")
    from scipy import special

    return float(special.ndtr(-float(z)))
