"""Project structure as dbt Labs teaches it, the contract in step, and lint-clean SQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from consentmart.contract import RAW_TABLES

from conftest import PROJECT, BuiltDemo

MODELS = PROJECT / "models"


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_sources_declare_exactly_the_contract_columns() -> None:
    declared = {}
    for path in (MODELS / "staging").glob("*/_*__sources.yml"):
        for source in _yaml(path)["sources"]:
            assert source["schema"] == "raw"
            assert source["config"]["loaded_at_field"] == "_loaded_at"
            for table in source["tables"]:
                declared[table["name"]] = tuple(c["name"] for c in table["columns"])
    assert declared == RAW_TABLES


def test_event_tables_have_freshness() -> None:
    fresh = set()
    for path in (MODELS / "staging").glob("*/_*__sources.yml"):
        for source in _yaml(path)["sources"]:
            for table in source["tables"]:
                if "freshness" in table.get("config", {}) or "freshness" in source.get("config", {}):
                    fresh.add(table["name"])
    assert {"customers", "contracts", "consent_events", "consent_documents", "revocation_requests",
            "regulator_requests", "downstream_contact_lists", "communications"} <= fresh


def test_one_models_file_per_folder_describing_every_model() -> None:
    for folder in sorted({p.parent for p in MODELS.rglob("*.sql")}):
        yml_files = list(folder.glob("_*__models.yml"))
        assert len(yml_files) == 1, f"{folder}: expected one _<dir>__models.yml, found {yml_files}"
        described = {m["name"]: m.get("description") for m in _yaml(yml_files[0]).get("models", [])}
        for model in folder.glob("*.sql"):
            assert described.get(model.stem), f"{model} has no description in {yml_files[0].name}"


def test_staging_models_are_named_for_their_source() -> None:
    for model in (MODELS / "staging").rglob("*.sql"):
        assert model.stem.startswith(f"stg_{model.parent.name}__"), model


def test_public_marts_enforce_contracts() -> None:
    for model in _yaml(MODELS / "marts" / "_marts__models.yml")["models"]:
        assert model["config"]["contract"]["enforced"] is True, model["name"]
        assert all("data_type" in column for column in model["columns"]), model["name"]


def test_sql_is_lint_clean(demo: BuiltDemo) -> None:
    # The dbt templater renders the models as dbt does, which needs the database.
    env = {**os.environ, "CONSENTMART_DATABASE_URL": demo.url, "DBT_TARGET_PATH": str(demo.target_path / "lint")}
    result = subprocess.run(
        [str(Path(sys.executable).with_name("sqlfluff")), "lint", "models", "tests/dbt", "--disable-progress-bar"],
        cwd=PROJECT, capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_python_is_lint_clean() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "check", "consentmart", "tests/python", "scripts"],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-5000:]
