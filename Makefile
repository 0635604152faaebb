# The README's two commands are `make demo` and `make test`; everything else is what they need.
# Only python3 (3.11+) and make are assumed; the rest is installed here: the virtual environment
# with every Python dependency and the `governance` Jupyter kernel, and (for the offline-HTML
# browser test) Debian's chromium when it is missing and apt-get is available.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
PERIOD ?= 2026-10

.PHONY: setup browser demo test lint lab bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "python3 is %d.%d; the suite needs 3.11 or newer" % sys.version_info[:2])'
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,spark]'
	$(PY) -m ipykernel install --sys-prefix --name governance --display-name "Python (governance)" >/dev/null
	touch $(STAMP)

# Headless Chromium checks that published HTML opens with the network off.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the offline-HTML test"; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed and cannot be installed here: the browser test will be skipped"; fi; }

demo: setup
	$(VENV)/bin/governance demo --out $(OUT) --period $(PERIOD)

test: setup browser
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .

# JupyterLab on loopback with the explore notebook open, the `governance` kernel and the sample
# database (built by `make demo` when missing; notebooks open it read-only through GOVERNANCE_DB).
# Jupyter refuses to run as root unless told: containers often are root.
lab: setup
	@test -f $(OUT)/metrix.duckdb || $(MAKE) demo
	GOVERNANCE_DB=$(abspath $(OUT)/metrix.duckdb) $(VENV)/bin/jupyter lab \
	  --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/explore.ipynb

bench: setup
	$(PY) -m benchmarks

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache
