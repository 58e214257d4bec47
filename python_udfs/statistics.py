"""p-values from the statistics the SQL computes.

Each function validates its arguments first and raises ``ValueError`` naming the argument and
the value; ``None`` in gives ``None`` out (SQL NULL).
"""
from __future__ import annotations

import math

__all__ = ["ks_2samp_pvalue", "ks_2samp_pvalue_approx", "chi2_sf", "normal_sf"]

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


def ks_2samp_pvalue_approx(statistic: float | None, n: int | None, m: int | None) -> float | None:
    """Two-sided p-value of the two-sample Kolmogorov-Smirnov statistic, in constant time.

    An approximation of :func:`ks_2samp_pvalue` (that is, of
    ``scipy.stats.ks_2samp(method='auto').pvalue``) whose cost does not grow with ``n`` and
    ``m``: a few floating-point operations and one ``scipy.special.kolmogorov``. Meant for
    statistics that are approximate anyway (computed from bounded histograms).

    Parameters
    ----------
    statistic : float
        The KS statistic D = max |F_n(x) - G_m(x)|, in [0, 1].
    n, m : int
        Sizes of the two samples, >= 1.

    Returns
    -------
    float or None
        The p-value in [0, 1], non-increasing in ``statistic``; None when any argument is None.

    Raises
    ------
    ValueError
        When ``statistic`` is outside [0, 1] or a size is not a whole number >= 1.

    Notes
    -----
    With en = n * m / (n + m) and u = sqrt(en) * D, the p-value is the limiting Kolmogorov
    distribution ``kolmogorov(x)`` [1]_ at a corrected argument x, in scipy's two regimes:

    * max(n, m) > 10,000, where scipy uses the one-sample distribution ``kstwo(N)`` at
      N = round(en): x = u + 1 / (6 sqrt(N)) + (u^3 - u) / (9 N), which gives the first two
      terms of the expansion of the tail in powers of 1 / sqrt(N) [2]_,
      exp(-2 u^2) (1 - 2u / (3 sqrt(N)) + (2u^2 / 3 - 4u^4 / 9) / N), coefficients checked
      numerically against scipy. (Stephens' sqrt(N) + 0.12 + 0.11 / sqrt(N) [3]_ is an
      empirical fit of the first correction near the usual critical values.) For
      D >= 1 - 1 / N the exact 2 (1 - D)^N is returned, as scipy does (0 at D = 1).
    * otherwise, where scipy counts lattice paths exactly, with m >= n: x = u' +
      (m + 2n) / (6 sqrt(m n (m + n))) + (c4 u'^3 - c2 u') / (4 en), where u' is u for D less
      half a lattice step, 1 / (2 lcm(n, m)) (a continuity correction: scipy's p-value is a step
      function of D), the second term is Hodges' one-sided correction [4]_, and c4 = 4/9 (1 - q),
      c2 = 4/9 (1 + q / 2), q = n m / (n + m)^2. Both coefficients are exact for n = m (expansion
      of the binomial ratios) and in the one-sample limit n / m -> 0; in between they are an
      interpolation, checked numerically. The p-value is at least P(D = 1) = 2 / C(n + m, n),
      which D = 1 returns, as scipy does.

    D = 0 gives 1, and so does, in the second regime, any D that scipy rounds to 0
    (D <= 1 / (2 lcm(n, m))). x increases with D, so the p-value never increases with it.

    Accuracy
    --------
    Against scipy's p-value (:func:`ks_2samp_pvalue`) at statistics ks_2samp can return, on a
    seeded grid of 9,152 (D, n, m): 300 size pairs log-uniform in [50, 2,000,000] (a third of
    them equal), 100 in [50, 200], and 21 corner pairs (equal; nearly commensurate, such as 52
    and 53 or 1,000 and 1,001; very unequal; either side of 10,000; 2,000,000 twice), with
    sqrt(en) D uniform in [0.2, 3.9] (p from about 1 to 1e-12). Largest errors:

    =========  ========  ===================  ===================  ====================
    min(n, m)  absolute  relative, p >= 1e-3  relative, p >= 1e-6  relative, p >= 1e-10
    =========  ========  ===================  ===================  ====================
    >= 50      1.7e-2    0.19                 0.30                 0.75
    >= 1,000   3.5e-3    0.043                0.073                0.10
    =========  ========  ===================  ===================  ====================

    The largest are at nearly commensurate sizes, where scipy's p-value is a coarse step
    function of D that no smooth function follows; on the 300 random pairs alone they are
    2.1e-3 absolute and 0.017 relative for p >= 1e-3 (9.4e-4 and 0.0054 for min(n, m) >= 1,000),
    and the relative error for p >= 1e-10 is 0.37 (0.0096), largest for small equal sizes.
    Stephens' formula alone, ``kolmogorov((sqrt(en) + 0.12 + 0.11 / sqrt(en)) D)``, has 5.3e-2
    absolute and 0.27 relative (p >= 1e-3) on the same grid. Below 50 the errors grow (0.16
    absolute was seen at n = 5, m = 1). All of this is small next to the effect of an error in
    D itself: 0.005 moves u by 0.005 sqrt(en), 0.5 at en = 10,000.

    Measured by ``.venv/bin/python tests/test_ks_pvalue_approx.py`` (about 2.5 minutes);
    ``tests/test_ks_pvalue_approx.py`` checks bounds of 2e-2, 0.25, 0.35 and 1.0 (4e-3, 0.05,
    0.08 and 0.12 for min(n, m) >= 1,000) on a smaller grid drawn the same way.

    References
    ----------
    .. [1] scipy.special.kolmogorov, the complementary CDF of the limiting Kolmogorov distribution.
    .. [2] Lauwerier, H.A., "The asymptotic expansion of the statistical distribution of N. V.
       Smirnov," Z. Wahrscheinlichkeitstheorie 2 (1963), 61-68.
    .. [3] Stephens, M.A., "Use of the Kolmogorov-Smirnov, Cramer-von Mises and related
       statistics without extensive tables," JRSS B 32 (1970), 115-122.
    .. [4] Hodges, J.L. Jr., "The Significance Probability of the Smirnov Two-Sample Test,"
       Arkiv for Matematik, 3, No. 43 (1958), 469-486, eq. 5.3.
    """
    if statistic is None or n is None or m is None:
        return None
    d = _check_real("statistic", statistic, 0.0, 1.0)
    n = _check_count("n", n)
    m = _check_count("m", m)
    if d == 0.0:
        return 1.0
    from scipy import special

    big, small = max(n, m), min(n, m)
    if big > _KS_EXACT_MAX_N:
        # scipy: kstwo.sf(d, round(en)), en from floats as there.
        en_n = round(float(big) * float(small) / (float(big) + float(small)))
        if d >= 1.0 - 1.0 / en_n:
            return min(2.0 * (1.0 - d) ** en_n, 1.0)
        u = math.sqrt(en_n) * d
        x = u + 1.0 / (6.0 * math.sqrt(en_n)) + (u**3 - u) / (9.0 * en_n)
        return float(min(max(special.kolmogorov(x), 0.0), 1.0))
    p_at_one = math.exp(math.log(2.0) + math.lgamma(n + 1) + math.lgamma(m + 1) - math.lgamma(n + m + 1))
    if d == 1.0:
        return min(p_at_one, 1.0)
    lcm = (n // math.gcd(n, m)) * m
    if d * lcm <= 0.5:  # scipy rounds D to a multiple of 1 / lcm: 0 here
        return 1.0
    en = big * small / (big + small)
    q = big * small / (big + small) ** 2
    u = math.sqrt(en) * (d - 0.5 / lcm)
    x = (u + (big + 2 * small) / (6.0 * math.sqrt(big * small * (big + small)))
         + 4.0 / 9.0 * ((1.0 - q) * u**3 - (1.0 + q / 2.0) * u) / (4.0 * en))
    return float(min(max(special.kolmogorov(x), p_at_one), 1.0))


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
