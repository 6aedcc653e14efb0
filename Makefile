# `make` builds the article; `make test` runs the checks. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: paper test lint bench clean
# Exit code 1 means "built, and the manuscript has citation errors" (printed above): the
# outputs are written, so make carries on; 2 (the build could not run) stops it.
paper: $(STAMP)
	$(VENV)/bin/python build.py || [ $$? -eq 1 ]

test: lint
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_build.py

# Every dependency comes from the hash-checked lock file; the package itself is installed editable.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf out $(VENV)
