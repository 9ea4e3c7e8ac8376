# Two commands do all the set-up on a fresh machine:
#   make build   -> .venv, the project, and dist/ for every locale
#   make test    -> .venv, the project with its test dependencies, and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test bench clean system-deps system-deps-test refresh-fixtures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The W3C Nu HTML Checker and axe-core come from the npm registry, pinned.
NODE_TOOLS := vnu-jar@26.9.27 axe-core@4.11.1

$(VENV)/.installed-test: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm install --prefix $(VENV)/node --no-audit --no-fund --loglevel=error $(NODE_TOOLS)
	touch $@ $(VENV)/.installed

# Debian packages (see scripts/system-deps.sh), installed when we are root and they are missing.
system-deps:
	@sh scripts/system-deps.sh build

system-deps-test:
	@sh scripts/system-deps.sh test

build: system-deps $(VENV)/.installed
	$(BIN)/silkpress build

# Two steps: the toolkit, then the publication's own content (its translations), so that a
# code change and a translator's fuzzy entry fail different things. pytest exits 5 when it
# collects nothing; that must fail too. The toolkit's tests run on one worker per CPU
# (pytest-xdist): 85 s instead of 115 s on our 2-CPU machines.
test: system-deps-test $(VENV)/.installed-test
	@$(BIN)/python -m pytest -n auto -m "not content"; status=$$?; \
	if [ $$status -eq 5 ]; then echo "error: no tests were collected" >&2; exit 1; fi; \
	echo "== the publication's content"; \
	$(BIN)/python -m pytest -m content; content=$$?; \
	if [ $$content -eq 5 ]; then echo "error: no content tests were collected" >&2; exit 1; fi; \
	if [ $$status -ne 0 ]; then exit $$status; fi; exit $$content

# The benchmarks (docs/performance.md). Each script runs its variants in interleaved rounds
# (benchmarks/harness.py). One script: make bench BENCH=build; one case of it: CASE=noop.
BENCHES := build scale catalogs pages fonts preview html maps
# bench_html.py measures Sphinx + sphinx-intl too: the bench extra.
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	@for bench in $(or $(BENCH),$(BENCHES)); do \
	  $(BIN)/python benchmarks/bench_$$bench.py $(if $(CASE),--case $(CASE)) || exit 1; \
	done

# After a template change: refresh the fixture project's template and catalogs (the golden files).
refresh-fixtures: $(VENV)/.installed
	rm -rf .fixture && cp -r tests/data/mini .fixture
	$(BIN)/silkpress --project .fixture update
	cp .fixture/locales/bulletin.pot tests/data/mini/locales/
	for po in .fixture/locales/*/LC_MESSAGES/bulletin.po; do cp $$po tests/data/mini/$${po#.fixture/}; done
	rm -rf .fixture

clean:
	rm -rf $(VENV) dist/*/ dist/index.html dist/manifest.json
