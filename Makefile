# The README's two commands are `make demo` and `make test`; everything else is what they need.
# Only python3 (3.11+) and make are assumed; the rest is installed here into .venv.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: setup demo test lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 is %d.%d; the suite needs 3.11 or newer" % sys.version_info[:2])'
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: setup
	$(VENV)/bin/governance demo --out $(OUT)

test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
