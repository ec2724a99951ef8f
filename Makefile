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

test: $(STAMP)
	$(BIN)/ruff check calendar_loader tests benchmarks
	$(BIN)/ruff format --check calendar_loader tests benchmarks
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check calendar_loader tests benchmarks
	$(BIN)/ruff format --check calendar_loader tests benchmarks

clean:
	rm -rf $(VENV) $(DEMO)
