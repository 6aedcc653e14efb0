# `make` builds the article; `make test` runs the checks. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: paper test lint bench clean
# The build's exit code follows the project's fail-on (README, "Exit codes"): findings the
# project rejects stop make, as they stop CI and a release.
paper: $(STAMP)
	$(VENV)/bin/python build.py

test: lint
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_build.py

# First the system libraries the PDF needs (src/repropub/system_packages.toml, the one list):
# installed where this runs as root with apt, otherwise make stops with the one command to run.
# Then every Python dependency from the hash-checked lock file; the package itself editable.
$(STAMP): pyproject.toml requirements.lock src/repropub/system_packages.toml
	PYTHONPATH=src $(PYTHON) -m repropub.system setup
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf out $(VENV)
