"""citysurvey: reproducible pipeline for China's city health check (城市体检) resident surveys."""
import os
from importlib.metadata import PackageNotFoundError, version

# openpyxl writes other bytes when lxml is installed (python-docx brings it); workbooks must be
# byte-identical whatever else is installed, so use openpyxl's own writer unless a user chose
os.environ.setdefault("OPENPYXL_LXML", "False")

try:
    __version__ = version("citysurvey")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+local"
