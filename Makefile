# Everything runs from a project-local virtual environment, built from pyproject.toml.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := .demo

.PHONY: demo test lint bench chaos clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

SAMPLES := samples/calendar.csv samples/calendar.xlsx samples/calendar.yaml
CL := $(BIN)/calendar-loader
# The demo keeps its ledger and the stand-in's posts in .demo/, beside the project.
DEMO_FLAGS := --sandbox --sandbox-state $(DEMO)/sandbox-state.json --ledger $(DEMO)/ledger.sqlite

demo: $(STAMP)
	@echo "== 1. Validate the sample calendars (a dry run: nothing is sent)"
	$(CL) validate $(SAMPLES)
	@echo
	@echo "== 2. A calendar with one mistake of each kind: every problem is listed, exit code 1"
	$(CL) validate samples/invalid.csv; test $$? -eq 1
	@echo
	@echo "== 3. Push the samples to the local Ocoya stand-in"
	$(CL) push $(SAMPLES) $(DEMO_FLAGS)
	@echo
	@echo "== 4. Push again: every row is already in the ledger, so nothing is sent"
	$(CL) push $(SAMPLES) $(DEMO_FLAGS)
	@echo
	@echo "== 5. The ledger: which calendar row became which Ocoya post"
	$(CL) ledger --ledger $(DEMO)/ledger.sqlite

test: $(STAMP)
	$(BIN)/ruff check calendar_loader tests benchmarks
	$(BIN)/ruff format --check calendar_loader tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check calendar_loader tests benchmarks
	$(BIN)/ruff format --check calendar_loader tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_push_rate.py
	$(BIN)/python benchmarks/bench_checking.py
	$(BIN)/python benchmarks/bench_loading.py
	$(BIN)/python benchmarks/bench_columns.py

chaos: $(STAMP)
	$(BIN)/python benchmarks/chaos.py

clean:
	rm -rf $(VENV) $(DEMO)
