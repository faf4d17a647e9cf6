# tension-timeline: the two commands are `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA ?= data
REPORTS ?= reports
SHARED ?= ../shared


.PHONY: screenshot demo test lint typecheck pytest eval bench fuzz lab venv browser-deps clean help

help:
	@echo "make demo   - create .venv, install, ingest seeds/ into $(DATA)/, build $(REPORTS)/timeline.html"
	@echo "make test   - same set-up, then ruff, mypy and the whole pytest suite"
	@echo "make eval   - quality against the external gold data in $(SHARED)"
	@echo "make bench  - speed/memory benchmarks (ratios against a baseline in the same run)"
	@echo "make lab    - JupyterLab on notebooks/ with the project kernel"

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[test,eval]' 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -c "import analysis, papermill, playwright" 
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (tension-timeline)" >/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/tension ingest seeds --out $(DATA)
	$(BIN)/tension report timeline --data $(DATA) --out $(REPORTS)/timeline.html -p actors PAK,IRN
	@echo "open $(REPORTS)/timeline.html"

browser-deps:
	@bash .ci/ensure-chromium

test: $(STAMP) browser-deps lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check analysis tests benchmarks docs

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	@rc=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: the suite is broken" >&2; exit 1; fi; \
	exit $$rc

eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval --shared $(SHARED) $(ONLY)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run --shared $(SHARED) $(ONLY)

FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PROPERTY_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/fuzz_loaders.py tests/test_properties.py

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf $(VENV) $(DATA)/*.parquet $(DATA)/*.csv $(REPORTS)/*.html .mypy_cache .pytest_cache .ruff_cache

# README's picture of the seed report (needs Debian's chromium)
screenshot: demo
	$(BIN)/python docs/screenshot.py $(REPORTS)/timeline.html docs/timeline.png
