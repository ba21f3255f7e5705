"""Many studies at once on Dask (``citysurvey batch``), and the roll-up of their cities.

>>> from citysurvey.batch import resolve_studies, run_batch
>>> res = run_batch(resolve_studies(["studies/*.yaml"]), folder=Path("output/batch_province"))  # doctest: +SKIP
>>> res.statuses[["study_id", "status"]]                                                         # doctest: +SKIP
"""
from .generate import generate_cities
from .rollup import build_rollup, write_rollup
from .runner import BatchResult, local_workers, run_batch
from .studies import resolve_studies, stale_reason

__all__ = ["BatchResult", "build_rollup", "generate_cities", "local_workers", "resolve_studies", "run_batch",
           "stale_reason", "write_rollup"]
