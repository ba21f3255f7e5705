"""Small-area estimation below the district: streets (街道) and communities (社区).

Fay–Herriot area-level EBLUP (REML/ML), Prasad–Rao / Datta–Lahiri MSE and a
parametric bootstrap, benchmarking to the district's direct estimate, and a
publication rule (direct, model or suppressed).

>>> from citysurvey.smallarea import fit_fay_herriot
>>> fit = fit_fay_herriot(y, X, D, method="REML")   # doctest: +SKIP
"""
from .config import PublishRule, SmallAreaConfig
from .estimate import estimate_small_areas, publish
from .fayherriot import FayHerriotFit, bootstrap_mse, fit_fay_herriot, fit_sigma2, loglik, synthetic_mse

__all__ = ["SmallAreaConfig", "PublishRule", "estimate_small_areas", "publish", "FayHerriotFit", "fit_fay_herriot",
           "fit_sigma2", "loglik", "bootstrap_mse", "synthetic_mse"]
