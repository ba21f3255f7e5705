"""Design-based estimation: means, proportions, totals, ratios, quantiles, domain comparisons.

>>> from citysurvey.estimation import svymean
>>> svymean(design, ["q1", "q2"], by="district")  # doctest: +SKIP
"""
from .estimators import compare_domains, domains, svyciprop, svymean, svyquantile, svyratio, svytotal
from .regression import SvyGlm, svyglm
from .tables import svychisq
from .variance import covariance, domain_variance, variance

__all__ = ["svymean", "svytotal", "svyratio", "svyciprop", "svyquantile", "compare_domains", "domains",
           "svyglm", "SvyGlm", "svychisq", "variance", "covariance", "domain_variance"]
