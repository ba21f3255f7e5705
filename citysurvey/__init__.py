"""citysurvey: reproducible pipeline for China's city health check (城市体检) resident surveys."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("citysurvey")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"
