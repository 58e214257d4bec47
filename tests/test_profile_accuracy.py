"""The default mode (`distribution_statistics: profile`) against numpy/scipy on data where cells
matter: all-distinct continuous values, long tails (lognormal, Pareto, Cauchy), integers with more
distinct values than the exact path takes, rounded money with atoms and NULLs, a mean shift and a
day in the wrong unit (every value beyond the reference's maximum), plus an empty day.

One build per engine (DuckDB, PostgreSQL and Spark). Every binned statistic and count equals the oracle to 1e-9 (the cells never
cross a bin edge); KS is within 0.005 and Wasserstein within 1% of the reference's standard
deviation of scipy's, and both within the error bounds stored on the row; the stored profile of
every feature and window has at most profile_cells + 9 * bins + 1 cells.

The same build holds the performance of continuous scores against scikit-learn: AUC within 0.001
and average precision within 0.002 of the exact values, and within the bounds stored on the row;
counts, Brier and log loss exact; an exact-mode monitor on the same rows equal to 1e-9; and
model_monitor__prediction_outcomes keeping only the outcome lookback while performance keeps
every window.

A categorical feature with more categories than `profile_categories`, values spelled like the
package's own labels ('__unseen__', '__other__'), NULLs and, from the shift on, new categories
(one frequent, many rare): its histograms, chi-square and new-category rate equal the oracle to
1e-9 while each window keeps at most profile_categories + top_k + 3 rows, and
model_monitor__new_categories names the frequent new category with its exact count.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sklearn import metrics as skm

from dbt_harness import ALL_ENGINES, with_parents
from reference_stats import expected_drift

DAYS, ROWS_PER_DAY, REFERENCE_DAYS = 12, 2500, 4
EMPTY_DAY, SHIFT_FROM, UNIT_ERROR_DAY = 6, 8, 10
NUMERIC = ["normal", "lognormal", "pareto", "cauchy", "integer", "money"]
BINS, CELLS = 10, 256


def _day(rng: np.random.Generator, d: int) -> pd.DataFrame:
    n = ROWS_PER_DAY + int(rng.integers(-200, 200))
    shift = 0.4 if d >= SHIFT_FROM else 0.0
    money = np.round(rng.lognormal(3, 1.2, n), 2)
    money[rng.random(n) < 0.15] = 0.0          # an atom
    money[rng.random(n) < 0.10] = 9.99         # another
    money = money.astype(object)
    money[rng.random(n) < 0.05] = None
    lognormal = rng.lognormal(10 + shift, 0.8, n)
    if d == UNIT_ERROR_DAY:
        lognormal = lognormal * 1000
    categories = np.array([f"m{i:02d}" for i in range(60)] + ["__unseen__", "__other__"], dtype=object)
    weights = 1.0 / np.arange(1, len(categories) + 1)
    merchant = rng.choice(categories, n, p=weights / weights.sum())
    if d >= SHIFT_FROM:
        new = rng.random(n)
        merchant[new < 0.05] = "crypto_wallet"
        rare = (new >= 0.05) & (new < 0.08)
        merchant[rare] = [f"new_{i}" for i in rng.integers(0, 30, int(rare.sum()))]
    merchant[rng.random(n) < 0.03] = None
    return pd.DataFrame({
        "prediction_id": [f"{d}-{i}" for i in range(n)],
        "merchant": pd.Series(merchant, dtype=object),
        "predicted_at": pd.Timestamp("2025-03-01") + pd.Timedelta(days=d) + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"),
        "score": rng.beta(2, 5 + shift, n),
        "normal": rng.normal(shift, 1, n),
        "lognormal": lognormal,
        "pareto": (rng.pareto(1.2, n) + 1) * 100,
        "cauchy": np.clip(rng.standard_cauchy(n), -1e6, 1e6),
        "integer": rng.integers(0, 1000, n).astype(float) + (50 if d >= SHIFT_FROM else 0),
        "money": pd.Series(money, dtype=object),
    })


@pytest.fixture(scope="module")
def predictions() -> pd.DataFrame:
    rng = np.random.default_rng(2025)
    return pd.concat([_day(rng, d) for d in range(DAYS) if d != EMPTY_DAY], ignore_index=True)


@pytest.fixture(scope="module")
def outcomes(predictions) -> pd.DataFrame:
    """Labels for 90% of the predictions, drawn from a miscalibrated score, a day later."""
    rng = np.random.default_rng(7)
    labeled = predictions[rng.random(len(predictions)) < 0.9]
    p = np.clip(labeled.score.to_numpy() * 1.4, 0, 1)
    return pd.DataFrame({"prediction_id": labeled.prediction_id.to_numpy(),
                         "label": (rng.random(len(labeled)) < p).astype(int),
                         "observed_at": labeled.predicted_at + pd.Timedelta(days=1)})


OUTCOME_LOOKBACK_DAYS = 3
TOP_K, PROFILE_CATEGORIES = 5, 12
MONITOR = {"name": "profiled", "predictions": {"source": ["oracle", "predictions"]},
           "id_column": "prediction_id", "timestamp_column": "predicted_at",
           "task": "binary_classification", "score_column": "score", "window": "day",
           "features": {"numeric": NUMERIC, "categorical": ["merchant"]}, "bins": BINS,
           "top_k": TOP_K, "profile_categories": PROFILE_CATEGORIES,
           "reference": {"start": "2025-03-01", "end": f"2025-03-0{1 + REFERENCE_DAYS}"},
           "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                        "label_column": "label", "timestamp_column": "observed_at"},
           "outcome_lookback_days": OUTCOME_LOOKBACK_DAYS}
EXACT = {**MONITOR, "name": "exact", "distribution_statistics": "exact", "features": {"numeric": ["normal"]}}
EXACT.pop("profile_categories")


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_profile_statistics_within_their_bounds(engine, predictions, outcomes):
    money = {"duckdb": "DOUBLE", "postgres": "double precision", "spark": "double"}[engine.name]
    engine.load_table(engine.oracle_schema, "predictions", predictions, types={"money": money})
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    # the marts read below, with their parents (and the package's own tests on them)
    marts = with_parents("feature_drift", "performance", "prediction_outcomes", "new_categories")
    run = engine.dbt("build", "--select", *marts, vars={"model_monitor": {"monitors": [MONITOR, EXACT]}})
    assert run.success, run.messages[-8000:]
    _check_performance(engine, predictions, outcomes)
    drift = engine.table("model_monitor__feature_drift")
    drift = drift[drift.monitor_name == "profiled"].set_index(["feature_name", "window_start"])
    expected = expected_drift(predictions, MONITOR, pvalues=False)
    reference = predictions[predictions.predicted_at < pd.Timestamp(MONITOR["reference"]["end"])]
    problems, worst = [], {"ks": 0.0, "w": 0.0}
    for exp in expected.to_dict("records"):
        name, window = exp["feature_name"], exp["window_start"]
        got = drift.loc[(name, window)]
        where = f"{name} {window:%Y-%m-%d}"
        for col in ["row_count", "null_count", "invalid_count"]:
            if int(got[col]) != exp[col]:
                problems.append(f"{where} {col}: {got[col]} != {exp[col]}")
        for col in ["psi", "js_distance", "hellinger", "kl_divergence", "null_rate", "chi2_statistic", "new_category_rate"]:
            if pd.isna(exp[col]) != pd.isna(got[col]) or (pd.notna(exp[col]) and abs(got[col] - exp[col]) > 1e-9):
                problems.append(f"{where} {col}: {got[col]!r} != {exp[col]!r}")
        if pd.isna(exp["ks_statistic"]):
            if pd.notna(got["ks_statistic"]):
                problems.append(f"{where}: KS {got['ks_statistic']} for an empty window")
            continue
        column = reference["score" if name == "__score__" else name].astype(float)
        sd = float(column[np.isfinite(column)].std(ddof=0))
        ks_error = abs(got["ks_statistic"] - exp["ks_statistic"])
        w_error = abs(got["wasserstein"] - exp["wasserstein"])
        worst["ks"], worst["w"] = max(worst["ks"], ks_error), max(worst["w"], w_error / sd)
        if ks_error > min(0.005, got["ks_error_bound"] + 1e-12):
            problems.append(f"{where} KS {got['ks_statistic']} vs scipy {exp['ks_statistic']} (bound {got['ks_error_bound']})")
        if w_error > min(0.01 * sd, got["wasserstein_error_bound"] * (1 + 1e-9) + 1e-9 * max(1.0, exp["wasserstein"])):
            problems.append(f"{where} W {got['wasserstein']} vs scipy {exp['wasserstein']} "
                            f"(bound {got['wasserstein_error_bound']}, sd {sd})")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    print(f"largest errors: KS {worst['ks']:.2e}, Wasserstein {worst['w']:.2e} reference sd")

    _check_new_categories(engine, predictions, drift)

    # bounded storage: cells per feature and window
    values = engine.table("model_monitor__window_values")
    values = values[values.monitor_name == "profiled"]
    categorical = values[values.feature_type == "categorical"].groupby("window_start").size()
    assert categorical.max() <= PROFILE_CATEGORIES + TOP_K + 3, categorical
    assert (values.cell_index == -1).any() and (values.cell_index == -2).any()  # both rest rows were needed
    values = values[values.feature_type == "numeric"]
    cells = values[values.cell_index.notna()].groupby(["feature_name", "window_start"]).size()
    assert cells.max() <= CELLS + 9 * BINS + 1, cells.sort_values().tail()
    # ... plus one row per NULL/NaN/inf value kind: nothing that grows with the rows of a window
    assert len(values) <= values.groupby(["feature_name", "window_start"]).ngroups * (CELLS + 9 * BINS + 1 + 4)
    # the exact cases: integers and money (atoms) where the window only has reference values...
    exact = drift[(drift.ks_error_bound == 0) & drift.ks_statistic.notna()]
    assert len(exact) > 0
    # ... and the unit error: every value beyond the reference's maximum, KS exactly 1
    unit = drift.loc[("lognormal", pd.Timestamp("2025-03-01") + pd.Timedelta(days=UNIT_ERROR_DAY))]
    assert unit["ks_statistic"] == 1.0 and unit["ks_error_bound"] == 0


def _weighted_auc(q: np.ndarray) -> float:
    """est_roc_auc's definition: each prediction a positive with weight score and a negative with
    weight 1 - score, as scikit-learn's weighted AUC (ties get half credit)."""
    return float(skm.roc_auc_score(np.r_[np.ones(len(q)), np.zeros(len(q))], np.r_[q, q],
                                   sample_weight=np.r_[q, 1 - q]))


def _check_performance(engine, predictions, outcomes):
    joined = predictions.merge(outcomes, on="prediction_id", how="left")
    joined["window_start"] = joined.predicted_at.dt.floor("D")
    performance = engine.table("model_monitor__performance")
    performance = performance[performance.segment_name == "__all__"].set_index(["monitor_name", "window_start"])
    problems, worst = [], {"roc_auc": 0.0, "average_precision": 0.0, "est_roc_auc": 0.0}
    for window, g in joined.groupby("window_start"):
        ev = g[g.label.notna()]
        y, s = ev.label.to_numpy(float), ev.score.to_numpy(float)
        exact = {"roc_auc": skm.roc_auc_score(y, s), "average_precision": skm.average_precision_score(y, s),
                 "est_roc_auc": _weighted_auc(g.score.to_numpy(float)),
                 "brier_score": skm.brier_score_loss(y, s), "log_loss": skm.log_loss(y, s, labels=[0, 1]),
                 "evaluated_count": len(ev), "prediction_count": len(g)}
        for monitor in ["profiled", "exact"]:
            row = performance.loc[(monitor, window)]
            where = f"{monitor} {window:%Y-%m-%d}"
            for name in ["brier_score", "log_loss", "evaluated_count", "prediction_count"]:
                if abs(float(row[name]) - exact[name]) > 1e-9 * max(1.0, abs(exact[name])):
                    problems.append(f"{where} {name}: {row[name]!r} != {exact[name]!r}")
            for name, tolerance in [("roc_auc", 0.001), ("average_precision", 0.002), ("est_roc_auc", 0.001)]:
                error, bound = abs(float(row[name]) - exact[name]), float(row[f"{name}_error_bound"])
                if monitor == "exact":
                    tolerance = bound = 1e-9 if bound == 0 else -1.0
                else:
                    worst[name] = max(worst[name], error)
                if error > tolerance or error > bound + 1e-12:
                    problems.append(f"{where} {name}: {row[name]!r} vs {exact[name]!r} (bound {bound})")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    print(f"largest performance errors: {worst}")
    # every window keeps its performance; the joined rows only the outcome lookback
    assert len(performance.loc["profiled"]) == joined.window_start.nunique()
    kept = engine.table("model_monitor__prediction_outcomes")
    kept = kept[kept.monitor_name == "profiled"]
    first = joined.predicted_at.max().floor("D") - pd.Timedelta(days=OUTCOME_LOOKBACK_DAYS)
    assert kept.window_start.min() == first
    assert len(kept) == (joined.window_start >= first).sum()


def _check_new_categories(engine, predictions, drift):
    """The frequent new category by name with its exact count; all new rows add up to the rate."""
    new = engine.table("model_monitor__new_categories")
    new = new[(new.monitor_name == "profiled") & (new.feature_name == "merchant")]
    reference = predictions[predictions.predicted_at < pd.Timestamp(MONITOR["reference"]["end"])]
    known = set(reference.merchant.dropna())
    assert {"__unseen__", "__other__"} <= known  # look-alike values are ordinary reference categories
    windows = predictions.assign(window_start=predictions.predicted_at.dt.floor("D"))
    for window, g in windows.groupby("window_start"):
        unseen = g.merchant[g.merchant.notna() & ~g.merchant.isin(known)]
        rows = new[new.window_start == window]
        assert int(rows.row_count.sum()) == len(unseen), window
        rate = drift.loc[("merchant", window), "new_category_rate"]
        assert abs(rate - len(unseen) / g.merchant.notna().sum()) < 1e-12
        if len(unseen):
            top = rows[rows.category_rank == 1].iloc[0]
            assert (top.category, int(top.row_count)) == ("crypto_wallet", int((unseen == "crypto_wallet").sum()))
            assert rows.category.notna().sum() <= TOP_K and rows.category.isna().sum() == 1
