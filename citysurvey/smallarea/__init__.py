"""Small-area estimation below the district: streets (街道) and communities (社区).

Fay–Herriot area-level EBLUP (REML/ML), Prasad–Rao / Datta–Lahiri MSE and a
parametric bootstrap, benchmarking to the district's direct estimate, and a
publication rule (direct, model or suppressed).

>>> from citysurvey.smallarea import fit_fay_herriot
>>> fit = fit_fay_herriot(y, X, D, method="REML")   # doctest: +SKIP
"""

from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "PublishRule": "config",
    "SmallAreaConfig": "config",
    "estimate_small_areas": "estimate",
    "publish": "estimate",
    "FayHerriotFit": "fayherriot",
    "bootstrap_mse": "fayherriot",
    "fit_fay_herriot": "fayherriot",
    "fit_sigma2": "fayherriot",
    "loglik": "fayherriot",
    "synthetic_mse": "fayherriot",
}

__all__ = ["SmallAreaConfig", "PublishRule", "estimate_small_areas", "publish", "FayHerriotFit", "fit_fay_herriot",
           "fit_sigma2", "loglik", "bootstrap_mse", "synthetic_mse"]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
