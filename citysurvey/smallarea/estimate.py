"""Small-area estimates for areas below the district (streets, communities).

For every item and index, per area: the direct design-based estimate (its SE,
n and effective n, from :func:`citysurvey.estimation.svymean` on the run's
weighted design), a Fay–Herriot EBLUP with its MSE, benchmarking to the
district's direct estimate, and the publication rule's choice.

>>> tables = estimate_small_areas(design, codebook, SmallAreaConfig())   # doctest: +SKIP
>>> tables["estimates"].query("item == 'index:综合'").head()             # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..codebook import LEVELS, Codebook
from ..errors import Problem, StageError
from ..estimation import svymean
from ..loading.auxiliary import MARGIN_SEP
from ..scoring.config import ScoringConfig
from ..scoring.indices import index_label, index_name, resolve_item_weights, resolve_level_weights, respondent_indices
from ..scoring.items import item_frames, scored_items
from ..weighting.design import SurveyDesign
from .config import SmallAreaConfig
from .fayherriot import bootstrap_mse, fit_fay_herriot, synthetic_mse

AREA_ROLES = ("street", "community")
LI_LAHIRI = "Li–Lahiri"  # mse_method of a fit whose REML/ML σ̂²_u was 0, refitted by the adjusted likelihood


def zero_variance_fits(fits: pd.DataFrame) -> pd.Series:
    """Fits whose REML/ML σ̂²_u was 0 (kept at 0, or refitted by Li–Lahiri)."""
    return (fits["sigma2_u"] <= 0) | (fits["mse_method"] == LI_LAHIRI)
DIRECT, MODEL, SUPPRESSED = "direct", "model", "suppressed"
PUBLISHED_ZH = {DIRECT: "直接估计", MODEL: "模型估计", SUPPRESSED: "不发布"}


def area_variables(codebook: Codebook, cfg: SmallAreaConfig) -> list[str]:
    """The configured area variables, or every codebook variable with role street or community."""
    if cfg.areas is None:
        return [n for n, v in codebook.variables.items() if v.role in AREA_ROLES]
    bad = [a for a in cfg.areas if a not in codebook.variables or codebook.variables[a].type != "categorical"]
    if bad:
        raise StageError(Problem(
            zh=f"smallarea.areas 中的 {bad} 不是编码本中的分类变量。",
            en=f"smallarea.areas names {bad}, which are not categorical variables of the codebook.",
            hint_zh="请填写街道、社区等地区变量名（编码本中 role: street / community）。",
            hint_en="Name area variables such as the street or community (role: street / community).",
        ))
    return list(cfg.areas)


def area_districts(data: pd.DataFrame, codebook: Codebook, area: str, margins: pd.DataFrame | None) -> pd.Series:
    """The district of each area (index: area category) from the data, then the margins.

    An area answered from two districts breaks the hierarchy: an error names the
    rows, as the data file numbers them is not known here, by respondent id.
    """
    district = codebook.district
    pairs = data[[area, district]].dropna().astype(str).drop_duplicates()
    split = pairs[pairs.duplicated(area, keep=False)]
    if len(split):
        name = split[area].iloc[0]
        ids = data.index[data[area].astype(str).eq(name)][:5].tolist()
        raise StageError(Problem(
            zh=f"「{name}」出现在多个区（{'、'.join(split.loc[split[area] == name, district])}），层级关系不成立。",
            en=f"area {name!r} appears in several districts; the hierarchy district → {area} does not hold.",
            column=area, value=name,
            hint_zh=f"请核对这些受访者的所在区或{area}（如 {ids}）；同名地区请在编码本中写成不同类别。",
            hint_en=f"Check the district or {area} of these respondents (e.g. {ids}); give same-named areas distinct categories.",
        ))
    out = pairs.set_index(area)[district]
    if margins is not None and {area, district} <= set(margins.columns):
        m = margins[(margins[area].astype(str) != "") & (margins[district].astype(str) != "")]
        extra = m.drop_duplicates(area).set_index(area)[district].astype(str)
        out = pd.concat([out, extra[~extra.index.isin(out.index)]])
    cats = [c for c in codebook.categories(area) if c in out.index]
    return out.loc[cats]


def area_shares(design: SurveyDesign, area: str, districts: pd.Series, margins: pd.DataFrame | None) -> pd.Series:
    """Each area's share of its district's population: from a margin naming the area, else Σ weights."""
    pop = None
    if margins is not None and area in margins.columns:
        for name in margins["margin"].unique():
            parts = set(name.split(MARGIN_SEP))
            if area in parts and parts <= {area, districts.name}:
                rows = margins[margins["margin"] == name]
                pop = rows.groupby(rows[area].astype(str))["population"].sum()
                break
    if pop is None:
        w = pd.Series(design.weights, index=design.data[area].astype(str).to_numpy())
        pop = w.groupby(level=0).sum()
    pop = pop.reindex(districts.index).fillna(0.0)
    total = pop.groupby(districts.to_numpy()).transform("sum")
    return (pop / total.replace(0, np.nan)).fillna(0.0)


@dataclass(frozen=True)
class Outcome:
    column: str
    item: str  # codebook item, or index:<level>
    label: str
    level: str
    measure: str
    kind: str  # item | index


def outcomes(data: pd.DataFrame, codebook: Codebook, cfg: SmallAreaConfig, scoring: ScoringConfig):
    """Respondent-level values of every item and index, per configured measure; and their descriptions.

    Scores and indices are the scoring stage's definitions (scheme, min share, item
    and level weights); ``importance`` item weights need the key-driver fit, so
    small-area indices then use equal weights (stated in the method table).
    """
    by_level_all, _ = scored_items(codebook, scoring.overall_item)
    by_level = {lv: its for lv, its in by_level_all.items() if lv in LEVELS}
    items = [it for it in codebook.items if it in data.columns]
    frames = item_frames(data, codebook, items, scoring)
    spec = "equal" if scoring.item_weights == "importance" else scoring.item_weights
    idx, _ = respondent_indices(frames["score"], resolve_item_weights(spec, by_level), resolve_level_weights(
        scoring.level_weights, list(by_level)), scoring.min_share, scoring.min_count)
    cols, meta = {}, []
    src = {"score": "score", "satisfied_rate": "satisfied"}
    for measure in cfg.measures:
        for it in items:
            c = f"__sae_{measure}_{it}"
            cols[c] = frames[src[measure]][it].to_numpy()
            v = codebook.variables[it]
            meta.append(Outcome(c, it, v.label or it, v.level or "总体", measure, "item"))
        if measure == "score":
            for lv in idx.columns:
                c = f"__sae_score_{index_name(lv)}"
                cols[c] = idx[lv].to_numpy()
                meta.append(Outcome(c, index_name(lv), index_label(lv), lv, "score", "index"))
    return pd.DataFrame(cols, index=data.index), meta


def _indicator_covariate(indicators: pd.DataFrame | None, ind_id: str, areas: pd.Index) -> np.ndarray:
    if indicators is None:
        rows = pd.DataFrame(columns=["area", "year", "indicator_id", "value"])
    else:
        rows = indicators[indicators["indicator_id"] == ind_id]
    rows = rows[rows["area"].isin(areas)]
    if len(rows):
        rows = rows[rows["year"] == rows["year"].max()]
    vals = rows.set_index("area")["value"].reindex(areas)
    if vals.isna().any():
        raise StageError(Problem(
            zh=f"协变量 indicator:{ind_id} 缺少这些地区的指标值：{'、'.join(vals.index[vals.isna()][:10])}。",
            en=f"covariate indicator:{ind_id} lacks values for areas {list(vals.index[vals.isna()][:10])}.",
            column="area", hint_zh="请在指标数据表中为每个街道/社区填写该指标，或从 smallarea.covariates 中去掉它。",
            hint_en="Give the indicator for every area in the indicators file, or drop it from smallarea.covariates.",
        ))
    return vals.to_numpy(dtype=float)


def estimate_small_areas(
    design: SurveyDesign,
    codebook: Codebook,
    cfg: SmallAreaConfig,
    scoring: ScoringConfig | None = None,
    *,
    margins: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """``estimates`` (one row per area variable × area × outcome) and ``fits`` (one per model)."""
    scoring = scoring or ScoringConfig()
    district = codebook.district
    if district is None:
        raise StageError(Problem(zh="小区域估计需要编码本中有 role: district 的变量。",
                                 en="small-area estimation needs a variable with role: district in the codebook."))
    values, meta = outcomes(design.data, codebook, cfg, scoring)
    d = design.with_columns(**{c: values[c] for c in values.columns})
    cols = [o.column for o in meta]
    dist_est = svymean(d, cols, by=district, level=cfg.level)
    parts, fits = [], []
    for area in area_variables(codebook, cfg):
        e, f = _estimate_area(d, codebook, cfg, area, meta, dist_est, margins, indicators)
        parts.append(e)
        fits.append(f)
    if not parts:
        return {"estimates": pd.DataFrame(), "fits": pd.DataFrame()}
    return {"estimates": pd.concat(parts, ignore_index=True), "fits": pd.concat(fits, ignore_index=True)}


def _wide(table: pd.DataFrame, by: str, index: pd.Index, cols: list[str], value: str) -> np.ndarray:
    t = table.pivot(index=by, columns="variable", values=value)
    t.index = t.index.astype(str)
    return t.reindex(index=index, columns=cols).to_numpy(dtype=float)


def _estimate_area(d, codebook, cfg, area, meta, dist_est, margins, indicators):
    district = codebook.district
    cols = [o.column for o in meta]
    dists = area_districts(d.data, codebook, area, margins)
    areas = dists.index
    direct = svymean(d, cols, by=area, level=cfg.level)
    y = _wide(direct, area, areas, cols, "estimate")
    se = _wide(direct, area, areas, cols, "se")
    n = np.nan_to_num(_wide(direct, area, areas, cols, "n"))
    deff = _wide(direct, area, areas, cols, "deff")
    y_dist = _wide(dist_est, district, pd.Index(dists.to_numpy()), cols, "estimate")
    v_dist = _wide(dist_est, district, pd.Index(dists.to_numpy()), cols, "se") ** 2
    n_dist = _wide(dist_est, district, pd.Index(dists.to_numpy()), cols, "n")
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(np.isfinite(deff) & (deff > 0), n / deff, n)
        D = v_dist * n_dist / n if cfg.sampling_variance == "smoothed" else se**2
    m, J = y.shape
    X = [np.ones(m)]
    names = ["intercept"]
    for c in cfg.covariates:
        if c == "district_estimate":
            if dists.nunique() < 2:
                continue  # one district: the covariate is the intercept
            X.append(None)
        else:
            X.append(_indicator_covariate(indicators, c.split(":", 1)[1], areas))
        names.append(c)
    Xk = np.empty((J, m, len(X)))
    for j in range(len(X)):
        Xk[:, :, j] = y_dist.T if X[j] is None else X[j][None, :]
    fit_ok = (n >= cfg.min_n) & np.isfinite(y) & np.isfinite(D) & (D > 0)
    eblup = np.full((m, J), np.nan)
    mse = np.full((m, J), np.nan)
    mse_kind = np.full((m, J), "", dtype=object)
    fit_rows = []
    shares = area_shares(d, area, dists.rename(district), margins).to_numpy()
    dcol = names.index("district_estimate") if "district_estimate" in names else None
    for mask in np.unique(fit_ok.T, axis=0):
        ks = np.flatnonzero((fit_ok.T == mask).all(axis=1))
        rows = np.flatnonzero(mask)
        if len(rows) <= Xk.shape[2] + 1:
            continue  # too few areas to fit; they are left to the direct estimate or suppressed
        fit = fit_fay_herriot(y[np.ix_(rows, ks)], Xk[np.ix_(ks, rows)], D[np.ix_(rows, ks)], cfg.method)
        kind = np.full(fit.mse.shape, "Prasad–Rao" if cfg.method == "REML" else "Datta–Lahiri", dtype=object)
        zero = fit.sigma2_u <= 0
        if cfg.mse == "auto" and cfg.zero_variance == "li_lahiri" and zero.any():
            fit = fit.where(zero, fit_fay_herriot(y[np.ix_(rows, ks)], Xk[np.ix_(ks, rows)], D[np.ix_(rows, ks)], "LL"))
            kind[:, zero] = LI_LAHIRI
        am = fit.mse.copy()
        boot = np.ones(len(ks), bool) if cfg.mse == "bootstrap" else (
            (fit.sigma2_u <= 0) if cfg.mse == "auto" else np.zeros(len(ks), bool))
        for b in np.flatnonzero(boot):
            am[:, b] = bootstrap_mse(fit.select(b), Xk[ks[b]][rows], D[np.ix_(rows, [ks[b]])], reps=cfg.bootstrap_reps,
                                     seed=cfg.seed + int(ks[b]))[:, 0]
            kind[:, b] = "parametric bootstrap"
        if dcol is not None:
            am += _covariate_error(fit, dcol, v_dist[np.ix_(rows, ks)], shares[rows], D[np.ix_(rows, ks)])
        eblup[np.ix_(rows, ks)] = fit.eblup
        mse[np.ix_(rows, ks)] = am
        mse_kind[np.ix_(rows, ks)] = kind
        out = np.flatnonzero(~mask)
        if len(out):
            Xo = Xk[np.ix_(ks, out)]
            beta_syn = np.einsum("kip,kp->ik", Xo, fit.beta)
            eblup[np.ix_(out, ks)] = np.where(np.isfinite(beta_syn), beta_syn, np.nan)
            mse[np.ix_(out, ks)] = synthetic_mse(fit, Xo) + (
                fit.beta[:, dcol][None, :] ** 2 * v_dist[np.ix_(out, ks)] if dcol is not None else 0.0)
            mse_kind[np.ix_(out, ks)] = "synthetic"
        for i, k in enumerate(ks):
            o = meta[k]
            fit_rows.append({
                "area_var": area, "item": o.item, "label": o.label, "measure": o.measure, "method": cfg.method,
                "areas_fitted": len(rows), "covariates": "、".join(names), "sigma2_u": fit.sigma2_u[i],
                "beta": ";".join(f"{b:.6g}" for b in fit.beta[i]), "loglik": fit.loglik[i],
                "iterations": int(fit.iterations[i]), "converged": bool(fit.converged[i]),
                "fallback": bool(fit.fallback[i]), "mse_method": kind[0, i],
                "mean_gamma": float(fit.gamma[:, i].mean()),
            })
    bench = _benchmark(eblup, y_dist, dists.to_numpy(), shares, cfg.benchmark)
    mse_b = mse + (bench - eblup) ** 2  # the benchmarking shift adds to the MSE (a common approximation)
    table = _table(area, codebook, dists, meta, y, se, n, n_eff, D, eblup, mse, bench, mse_b, mse_kind, shares, cfg, y_dist)
    fits = pd.DataFrame(fit_rows)
    if len(fits):
        order = {o.item + o.measure: i for i, o in enumerate(meta)}
        fits = fits.sort_values("item", key=lambda s: (s + fits["measure"]).map(order), kind="stable")
    return table, fits.reset_index(drop=True)


def _covariate_error(fit, j: int, v_dist: np.ndarray, shares: np.ndarray, D: np.ndarray) -> np.ndarray:
    """MSE the Fay–Herriot forms leave out when covariate j is the district's direct estimate.

    That covariate is itself a survey estimate (the model is θ_i = β₀ + β₁θ_d + u_i, the
    data give θ̂_d = θ_d + e_d), and e_d contains the area's own sampling error with weight
    about its population share s_i. The EBLUP error then gains (1 − γ_i)β₁e_d, i.e.
    (1 − γ_i)²β₁²V(θ̂_d) + 2γ_i(1 − γ_i)β₁s_iD_i (cf. Ybarra & Lohr 2008 on covariates
    measured with error). Without it the Prasad–Rao intervals undercover in simulation.
    """
    b = fit.beta[:, j][None, :]
    g = fit.gamma
    return (1 - g) ** 2 * b**2 * v_dist + 2 * g * (1 - g) * b * shares[:, None] * D


def _benchmark(est: np.ndarray, y_dist: np.ndarray, dists: np.ndarray, shares: np.ndarray, how: str) -> np.ndarray:
    """Make Σ_i share_i · θ̂_i over a district's areas equal the district's direct estimate.

    ``ratio``: θ̂_i · Ŷ_d / Σ share·θ̂ (keeps the areas' ratios; scores and rates are
    positive); ``difference``: θ̂_i + (Ŷ_d − Σ share·θ̂) (keeps their differences).
    """
    if how == "none":
        return est.copy()
    out = est.copy()
    for g in np.unique(dists):
        r = dists == g
        ok = np.isfinite(est[r])
        w = np.where(ok, shares[r, None], 0.0)
        w = w / np.where(w.sum(axis=0) > 0, w.sum(axis=0), 1.0)  # areas without an estimate leave the sum
        agg = (w * np.nan_to_num(est[r])).sum(axis=0)
        target = y_dist[r][0]
        with np.errstate(divide="ignore", invalid="ignore"):
            out[r] = est[r] * (target / agg) if how == "ratio" else est[r] + (target - agg)
    return out


def publish(n_eff, cv_direct, cv_model, rule) -> np.ndarray:
    """The publication rule: direct if its CV ≤ direct_max_cv and n_eff ≥ direct_min_n_eff;
    else the model estimate if its CV ≤ model_max_cv; else suppressed."""
    use_direct = (cv_direct <= rule.direct_max_cv) & (n_eff >= rule.direct_min_n_eff)
    use_model = ~use_direct & (cv_model <= rule.model_max_cv)
    return np.where(use_direct, DIRECT, np.where(use_model, MODEL, SUPPRESSED))


def _table(area, codebook, dists, meta, y, se, n, n_eff, D, eblup, mse, bench, mse_b, mse_kind, shares, cfg, y_dist):
    m, J = y.shape
    q = stats.norm.ppf(1 - cfg.alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        cv_direct = se / np.abs(y)
        rmse = np.sqrt(mse_b)
        cv_model = rmse / np.abs(bench)
    cv_direct = np.where(np.isfinite(cv_direct), cv_direct, np.inf)
    cv_model = np.where(np.isfinite(cv_model), cv_model, np.inf)
    pub = publish(n_eff, cv_direct, cv_model, cfg.publish)
    est = np.where(pub == DIRECT, y, np.where(pub == MODEL, bench, np.nan))
    err = np.where(pub == DIRECT, se, np.where(pub == MODEL, rmse, np.nan))
    frame = pd.DataFrame({
        "area_var": area,
        "area_label": codebook.variables[area].label or area,
        "area": np.repeat(dists.index.to_numpy(), J),
        "district": np.repeat(dists.to_numpy(), J),
        "population_share": np.repeat(shares, J),
        "district_estimate": y_dist.ravel(),
        "item": np.tile([o.item for o in meta], m),
        "label": np.tile([o.label for o in meta], m),
        "level": np.tile([o.level for o in meta], m),
        "kind": np.tile([o.kind for o in meta], m),
        "measure": np.tile([o.measure for o in meta], m),
        "n": n.ravel().astype(int),
        "n_eff": n_eff.ravel(),
        "direct": y.ravel(), "direct_se": se.ravel(), "direct_cv": np.where(np.isinf(cv_direct), np.nan, cv_direct).ravel(),
        "sampling_variance": D.ravel(),
        "eblup": eblup.ravel(), "eblup_rmse": np.sqrt(mse).ravel(), "mse_method": mse_kind.ravel(),
        "benchmarked": bench.ravel(), "benchmarked_rmse": rmse.ravel(),
        "model_cv": np.where(np.isinf(cv_model), np.nan, cv_model).ravel(),
        "published": pub.ravel(),
        "published_zh": pd.Series(pub.ravel()).map(PUBLISHED_ZH).to_numpy(),
        "estimate": est.ravel(), "se": err.ravel(),
        "ci_low": (est - q * err).ravel(), "ci_high": (est + q * err).ravel(),
    })
    frame["cv"] = np.where(frame["published"] == DIRECT, frame["direct_cv"],
                           np.where(frame["published"] == MODEL, frame["model_cv"], np.nan))
    return frame
