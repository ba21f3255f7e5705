"""Design-based estimation: means, proportions, totals, ratios, quantiles, domain comparisons.

>>> import pandas as pd
>>> from citysurvey.weighting import svydesign
>>> from citysurvey.estimation import svymean
>>> d = svydesign(pd.DataFrame({"district": ["甲区", "甲区", "乙区", "乙区"], "q1": [5, 4, 2, 3]}), strata="district")
>>> svymean(d, "q1", by="district")[["district", "estimate"]].to_dict("records")
[{'district': '乙区', 'estimate': 2.5}, {'district': '甲区', 'estimate': 4.5}]
"""
from ..lazy import lazy_exports

_EXPORTS = {  # name → module
    "compare_domains": "estimators",
    "domains": "estimators",
    "svyciprop": "estimators",
    "svymean": "estimators",
    "svyquantile": "estimators",
    "svyratio": "estimators",
    "svytotal": "estimators",
    "SvyGlm": "regression",
    "svyglm": "regression",
    "svychisq": "tables",
    "covariance": "variance",
    "domain_covariance": "variance",
    "domain_variance": "variance",
    "variance": "variance",
}

__all__ = ["svymean", "svytotal", "svyratio", "svyciprop", "svyquantile", "compare_domains", "domains",
           "svyglm", "SvyGlm", "svychisq", "variance", "covariance", "domain_covariance", "domain_variance"]

__getattr__ = lazy_exports(__name__, _EXPORTS)  # the statistics load only when a name is used
