# Two entry points: `make run` (install + main job on the demo corpus) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := demo/newsgraph-demo.db
# The two real scraped seed pages join the demo corpus when ../shared is beside the repo.
SEEDS   := $(wildcard ../shared/seeds)

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[nlp,export,web]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.run-installed

## run: install, ingest the demo corpus into a fresh store and show what was found
run: export COLUMNS ?= 120
run: $(VENV)/.run-installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/newsgraph ingest demo/pages $(SEEDS) --db $(DEMO_DB)
	$(BIN)/newsgraph stats --db $(DEMO_DB)
	$(BIN)/newsgraph articles --db $(DEMO_DB)
	$(BIN)/newsgraph duplicates --db $(DEMO_DB)
	$(BIN)/newsgraph entities --db $(DEMO_DB) --limit 15
	$(BIN)/newsgraph events --db $(DEMO_DB) --limit 10
	@echo
	@echo "Browse the demo store (web UI and JSON API on http://127.0.0.1:8001/):"
	@echo "  $(BIN)/newsgraph serve --db $(DEMO_DB)"
	@echo "Or point every command at it: export NEWSGRAPH_DB=$(DEMO_DB)"

## test: install with the dev extras, lint, and run the test suite
test: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench scripts

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/ingest_throughput.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
