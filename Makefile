# backers: every target bootstraps .venv from requirements.lock on its own and is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND := src/backers/serve/frontend
DIST := src/backers/serve/static/dist/.built
DEMO_DB ?= demo.duckdb
SHARED ?= ../shared
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: install frontend demo test lint format eval bench fuzz lock clean gazetteers

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# The web page's JavaScript (sigma.js, graphology, ...) comes from npm, pinned in
# package-lock.json, bundled into static/dist. Built once; rebuilt when the lock changes.
frontend: $(DIST)

$(DIST): $(wildcard $(FRONTEND)/package-lock.json $(FRONTEND)/package.json $(FRONTEND)/build.mjs $(FRONTEND)/src/*) | $(STAMP)
	@if [ -f $(FRONTEND)/package.json ]; then \
		cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build; \
	fi
	@mkdir -p $(dir $(DIST)) && touch $(DIST)

demo: install frontend
	@rm -f $(DEMO_DB)
	$(BIN)/backers ingest examples/ --db $(DEMO_DB) --as-of 2023-01-25
	@echo
	@echo "Who backs Russia, in the bundled examples:"
	$(BIN)/backers who-backs Russia --db $(DEMO_DB)
	@echo
	@echo "Evidence for one relation:  $(BIN)/backers relation Iran Russia --db $(DEMO_DB)"
	@echo "Web page:                    $(BIN)/backers serve --db $(DEMO_DB)  then open http://127.0.0.1:8000/"
	@if [ -z "$$NO_SERVE" ]; then \
		echo "Starting the server now (Ctrl-C stops it; NO_SERVE=1 make demo skips this)."; \
		$(BIN)/backers serve --db $(DEMO_DB); \
	fi

test: install frontend
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# One figure per gold set. Figures only (--summary): check is for measuring, and the others'
# misses are one `backers eval $(SHARED)/eval/dev.gold.jsonl --corpus ...` away.
EVAL_CORPUS := --corpus $(SHARED)/seeds --corpus $(SHARED)/corpus/news.jsonl --corpus $(SHARED)/corpus/allsides-annotated.jsonl
EVAL_DB ?= build/eval-none.duckdb
eval: install
	@for set in seeds dev train check; do \
		echo "== $$set"; \
		$(BIN)/backers eval $(SHARED)/eval/$$set.gold.jsonl $(EVAL_CORPUS) --db $(EVAL_DB) --summary || exit 1; \
	done

bench: install
	@mkdir -p build
	$(BIN)/python benchmarks/run.py --corpus $(SHARED)/corpus/news.jsonl --out build/bench.json $(BENCH_ARGS)

# Long property-based and fuzz runs (11 of them); each stops on its own after FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: install
	BACKERS_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -q -m fuzz -p no:randomly tests/reliability

lock: install
	scripts/lock.sh

# Regenerate data/states_world.yaml (every ISO state's capital and demonyms) from pycountry
# and countryinfo; the output is committed.
gazetteers: install
	$(BIN)/python scripts/gen_states.py

clean:
	rm -rf $(VENV) build $(DEMO_DB) $(FRONTEND)/node_modules src/backers/serve/static/dist

# The learned re-typing of the rules' claims (backers.learn; docs/model-card.md): labels
# the rules' claims on train, dev and seeds from their gold, cross-validates on train,
# writes src/backers/data/models/retype.json and build/learn/report.json. Deterministic.
.PHONY: train
TRAIN_GOLD := $(SHARED)/eval/train.gold.jsonl $(SHARED)/eval/dev.gold.jsonl $(SHARED)/eval/seeds.gold.jsonl
train: install
	$(BIN)/python -m backers.learn $(TRAIN_GOLD) $(EVAL_CORPUS)
