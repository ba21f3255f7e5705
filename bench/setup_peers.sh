#!/usr/bin/env bash
# Install the benchmark-only peers (never core dependencies of citysurvey).
#   bash bench/setup_peers.sh
# balance pins old numpy/scipy/scikit-learn; installing it normally would downgrade the
# shared venv, so peers go in with --no-deps and their small deps under the venv's own pins.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP=.venv/bin/pip
pins=$(mktemp)
$PIP freeze | grep -iE '^(numpy|scipy|pandas|scikit-learn|statsmodels|matplotlib|seaborn|polars|pyarrow)==' > "$pins"
$PIP install -q -e '.[bench]'
$PIP install --no-deps ipfn weightipy balance samplics
$PIP install -c "$pins" polars plotly session-info requests
# svy: samplics' successor on a Rust core (svy-rs), a peer for domain means and raking
$PIP install -c "$pins" svy
rm -f "$pins"
if ! command -v Rscript >/dev/null; then
  echo "R not found: installing r-base-core r-cran-survey r-cran-mass (needs root)"
  apt-get update -q && apt-get install -y r-base-core r-cran-survey r-cran-mass r-cran-jsonlite
fi
Rscript -e 'library(survey); cat("R survey", as.character(packageVersion("survey")), "\n")'
