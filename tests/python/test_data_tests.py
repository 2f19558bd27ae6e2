"""The project's own generic data tests fail when they should. The uniqueness test
trusts a valid unique index on exactly its columns for the rows the index guards, so
it must still catch what such an index lets through (rows with a NULL key column),
and without the index check every row."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from consentmart.build import run_dbt

from conftest import DEMO_DIR, Database

MODEL = "int_consent_timeline__status_segments"
SEGMENTS = f"intermediate.{MODEL}"
GRAIN = "customer_key, purpose, channel, valid_from"
UNIQUENESS_TEST = f"{MODEL},test_name:unique_combination_of_columns"


def uniqueness_test_passes(db: Database, target_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setenv("DBT_TARGET_PATH", str(target_path))
    monkeypatch.setenv("DBT_LOG_PATH", str(target_path / "logs"))
    return run_dbt(["test", "--select", UNIQUENESS_TEST], db.url).exit_code == 0


def grouped_only_rows_with_a_null_key(target_path: Path) -> bool:
    """Did the last run of the uniqueness test take the index's word for the rest?"""
    (compiled,) = [
        text for path in (target_path / "compiled").rglob("unique_combination_of_columns_*.sql")
        if MODEL in (text := path.read_text())
    ]
    return "valid_from is null" in compiled


def add_copies_of_first_segment(db: Database, copies: int, null_valid_from: bool = False) -> None:
    db.execute(
        f"create temp table first_segment as select * from {SEGMENTS} order by {GRAIN} limit 1;"
        + ("update first_segment set valid_from = null;" if null_valid_from else "")
        + f"insert into {SEGMENTS} select first_segment.* from first_segment, generate_series(1, {copies});"
    )


def test_uniqueness_backed_by_an_index_still_fails_on_duplicates(
    fresh_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_db.load(DEMO_DIR)
    fresh_db.build(tmp_path)
    (index_name,) = fresh_db.query(
        "select indexname from pg_indexes where schemaname || '.' || tablename = %s "
        "and indexdef like 'CREATE UNIQUE INDEX%%' and indexdef like %s",
        (SEGMENTS, f"%({GRAIN})"),
    )[0]
    assert uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
    assert grouped_only_rows_with_a_null_key(tmp_path)

    # the index refuses a duplicate without a NULL at write time
    with pytest.raises(psycopg.errors.UniqueViolation):
        add_copies_of_first_segment(fresh_db, 1)

    # ... but lets through two rows whose valid_from is NULL: the test must see them
    add_copies_of_first_segment(fresh_db, 2, null_valid_from=True)
    assert fresh_db.query(f"select count(*) from {SEGMENTS} where valid_from is null") == [(2,)]
    assert not uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)

    # without the index, every row is checked
    fresh_db.execute(f"delete from {SEGMENTS} where valid_from is null")
    fresh_db.execute(f'drop index intermediate."{index_name}"')
    assert uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
    assert not grouped_only_rows_with_a_null_key(tmp_path)
    add_copies_of_first_segment(fresh_db, 1)
    assert not uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
