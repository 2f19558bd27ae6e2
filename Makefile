# ConsentMart: `make demo` runs the product, `make test` runs every test.
# Both create .venv with everything they need; only Python 3.11+ is required.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The generated demo world (and the hand-made one in data/demo) describe this moment.
DEMO_AS_OF := 2026-11-20T12:00:00+03:00
DEMO_CUSTOMERS ?= 50000

.PHONY: demo test lint install clean

demo: $(STAMP)
	$(BIN)/consentmart db start
	$(BIN)/consentmart generate --customers $(DEMO_CUSTOMERS) --seed 1 --as-of $(DEMO_AS_OF) --load
	@# a full build: the data is new, and a database an older version built is rebuilt too
	$(BIN)/consentmart build --full-refresh --as-of $(DEMO_AS_OF)
	@echo
	@echo "ConsentMart demo is built: $(DEMO_CUSTOMERS) generated customers, as of $(DEMO_AS_OF)."
	@echo "  What the marts must say (generator truth): $${CONSENTMART_HOME:-.consentmart}/generated/seed1-$(DEMO_CUSTOMERS)/truth/"
	@echo "  The hand-made sample instead:  $(BIN)/consentmart load data/demo && $(BIN)/consentmart build --as-of $(DEMO_AS_OF)"
	@echo "  Database URL:       $(BIN)/consentmart db url   (marts in schema marts, e.g. marts.data_quality_issues)"
	@echo "  Plain dbt:          export CONSENTMART_DATABASE_URL=\$$($(BIN)/consentmart db url) && $(BIN)/dbt build"
	@echo "  Stop the database:  $(BIN)/consentmart db stop"
	@echo
	$(BIN)/consentmart dashboard

test: $(STAMP)
	@test -x /usr/bin/chromium || echo "NOTE: no Chromium at /usr/bin/chromium: the dashboard's browser tests will be SKIPPED (apt-get install chromium)"
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/sqlfluff lint models tests/dbt

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ConsentMart needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

clean:
	-$(BIN)/consentmart db stop
	rm -rf $(VENV) target logs .consentmart
