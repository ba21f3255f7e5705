# The two commands a new user needs (see README): `make demo` and `make test`.
# Both create .venv and install what they need; re-running skips what is done.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STUDY ?= analysis/demo_city/study.yaml

.PHONY: demo test test-slow fonts bench clean docs

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[report,test]'  # demo renders the reports; test pulls in report too
	touch $@

fonts:
	bash scripts/ensure_cjk_font.sh

demo: $(VENV)/.installed fonts
	$(BIN)/citysurvey run $(STUDY)

test: $(VENV)/.installed fonts
	$(BIN)/python -m pytest -n 2 -q

test-slow: $(VENV)/.installed fonts
	$(BIN)/python -m pytest -n 2 -q -m slow

bench: $(VENV)/.installed fonts
	bash bench/setup_peers.sh
	for f in bench/bench_*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf output .pytest_cache

docs: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[docs]'
	$(BIN)/python -m sphinx -q -W --keep-going -b html docs docs/_build/html
	$(BIN)/python -m sphinx -q -W --keep-going -b doctest docs docs/_build/doctest
	@echo "open docs/_build/html/index.html"
