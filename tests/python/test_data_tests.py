"""The project's own generic data tests fail when they should. Where the database
enforces a rule on every row a test reads, the test takes its word: the uniqueness
test trusts a valid unique index on exactly its columns (and, where they are NOT
NULL, asks nothing else), an accepted-values test trusts the check constraint the
model's post-hook added - with the test's `where` in the rule. Each must still catch
what the database lets through, and check every row once the guarantee is gone."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from consentmart.build import run_dbt

from conftest import DEMO_AS_OF, DEMO_DIR, Database

MODEL = "int_consent_timeline__status_segments"
SEGMENTS = f"intermediate.{MODEL}"
GRAIN = "customer_key, purpose, channel, valid_from"
UNIQUENESS_TEST = f"{MODEL},test_name:unique_combination_of_columns"


def uniqueness_test_passes(db: Database, target_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setenv("DBT_TARGET_PATH", str(target_path))
    monkeypatch.setenv("DBT_LOG_PATH", str(target_path / "logs"))
    return run_dbt(["test", "--select", UNIQUENESS_TEST], db.url).exit_code == 0


def compiled_test(target_path: Path, test_name: str) -> str:
    """The SQL the last run of a model's test compiled to."""
    (compiled,) = [
        text for path in (target_path / "compiled").rglob(f"{test_name}_*.sql")
        if MODEL in (text := path.read_text())
    ]
    return compiled


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
    # the grain's columns are NOT NULL too (their not_null tests): the catalog answers
    assert uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
    assert "from pg_index" in compiled_test(tmp_path, "unique_combination_of_columns")

    # the index refuses a duplicate, the column a NULL key, at write time
    with pytest.raises(psycopg.errors.UniqueViolation):
        add_copies_of_first_segment(fresh_db, 1)
    with pytest.raises(psycopg.errors.NotNullViolation):
        add_copies_of_first_segment(fresh_db, 1, null_valid_from=True)

    # a nullable key: the index lets two rows whose valid_from is NULL through, and
    # the test, grouping only rows with a NULL key, must see them
    fresh_db.execute(f"alter table {SEGMENTS} alter column valid_from drop not null")
    assert uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
    assert "valid_from is null" in compiled_test(tmp_path, "unique_combination_of_columns")
    add_copies_of_first_segment(fresh_db, 2, null_valid_from=True)
    assert fresh_db.query(f"select count(*) from {SEGMENTS} where valid_from is null") == [(2,)]
    assert not uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)

    # without the index, every row is checked
    fresh_db.execute(f"delete from {SEGMENTS} where valid_from is null")
    fresh_db.execute(f'drop index intermediate."{index_name}"')
    assert uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)
    compiled = compiled_test(tmp_path, "unique_combination_of_columns")
    assert "valid_from is null" not in compiled and "from pg_index" not in compiled
    add_copies_of_first_segment(fresh_db, 1)
    assert not uniqueness_test_passes(fresh_db, tmp_path, monkeypatch)


def test_accepted_values_backed_by_a_check_constraint_still_fail_on_a_bad_value(
    fresh_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_db.load(DEMO_DIR)
    fresh_db.build(tmp_path)
    (constraint, definition) = fresh_db.query(
        "select conname, pg_get_constraintdef(oid) from pg_constraint "
        "where conrelid = cast(%s as regclass) and contype = 'c'",
        (SEGMENTS,),
    )[0]
    assert constraint.startswith("accepted__status__")
    assert all(status in definition for status in ("'active'", "'expired'", "'revoked'", "'denied'"))

    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))

    def accepted_values_test_passes() -> bool:
        selector = f"{MODEL},test_name:accepted_values"
        return run_dbt(["test", "--select", selector], fresh_db.url).exit_code == 0

    def set_first_status(status: str) -> None:
        fresh_db.execute(
            f"update {SEGMENTS} set status = '{status}' "
            f"where ({GRAIN}) = (select {GRAIN} from {SEGMENTS} order by {GRAIN} limit 1)"
        )

    assert accepted_values_test_passes()
    assert "from pg_constraint" in compiled_test(tmp_path, "accepted_values")
    with pytest.raises(psycopg.errors.CheckViolation):
        set_first_status("paused")

    # without the constraint, every row is read again
    fresh_db.execute(f"alter table {SEGMENTS} drop constraint {constraint}")
    assert accepted_values_test_passes()
    assert "from pg_constraint" not in compiled_test(tmp_path, "accepted_values")
    set_first_status("paused")
    assert not accepted_values_test_passes()

    # the next build of the model puts the constraint back, and refuses to while a
    # row breaks it (the model fails, its table unchanged)
    assert run_dbt(["run", "--select", MODEL, "--vars", f"as_of: '{DEMO_AS_OF}'"], fresh_db.url).exit_code != 0
    set_first_status("active")
    assert run_dbt(["run", "--select", MODEL, "--vars", f"as_of: '{DEMO_AS_OF}'"], fresh_db.url).exit_code == 0
    assert accepted_values_test_passes()
    assert "from pg_constraint" in compiled_test(tmp_path, "accepted_values")

    # a rule no test asks for any more (a test removed, or its values changed) is
    # dropped by the next build: it would refuse what the tests now accept
    fresh_db.execute(
        f"alter table {SEGMENTS} add constraint accepted__status__0123456789abcdef check (status <> 'zzz');"
        f"alter table {SEGMENTS} alter column status set not null"
    )
    assert run_dbt(["run", "--select", MODEL, "--vars", f"as_of: '{DEMO_AS_OF}'"], fresh_db.url).exit_code == 0
    assert fresh_db.query(
        "select conname from pg_constraint where conrelid = cast(%s as regclass) and contype = 'c'", (SEGMENTS,)
    ) == [(constraint,)]
    assert fresh_db.query(
        "select attnotnull from pg_attribute where attrelid = cast(%s as regclass) and attname = 'status'", (SEGMENTS,)
    ) == [(False,)]


EVENTS = "staging.stg_consents__events"
# copies get row ids no raw row has (a stored id below every raw one would read as a
# replacing load, and the build would type everything again)
COPIED_ROW_IDS = 10**9


def test_filtered_tests_are_enforced_on_exactly_the_rows_they_read(
    fresh_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staging's tests read only accepted rows (`where: dq_reason is null`): their rules
    are a partial unique index and check constraints that spare rejected rows, which
    may repeat a key or lack a value; the project's row tests (column_at_least,
    matches_pattern) are check constraints as well."""
    fresh_db.load(DEMO_DIR)
    fresh_db.build(tmp_path)
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    monkeypatch.setenv("DBT_LOG_PATH", str(tmp_path / "logs"))
    [(index_name, index_definition)] = fresh_db.query(
        "select indexname, indexdef from pg_indexes where schemaname || '.' || tablename = %s "
        "and indexname like 'unique\\_\\_%%'", (EVENTS,))
    assert index_definition.endswith("(source_system, event_id) WHERE (dq_reason IS NULL)")
    [(check_name, check_definition)] = fresh_db.query(
        "select conname, pg_get_constraintdef(oid) from pg_constraint "
        "where conrelid = cast(%s as regclass) and conname like 'not\\_null\\_\\_%%'", (EVENTS,))
    assert check_name.startswith("not_null__event_at__")
    assert check_definition == "CHECK (((NOT (dq_reason IS NULL)) OR (event_at IS NOT NULL)))"

    def events_test_passes(test_name: str) -> bool:
        return run_dbt(["test", "--select", f"stg_consents__events,test_name:{test_name}"], fresh_db.url).exit_code == 0

    def compiled(test_name: str) -> str:
        (text,) = [text for path in (tmp_path / "compiled").rglob(f"{test_name}_*.sql")
                   if '"stg_consents__events"' in (text := path.read_text())]
        return text

    assert events_test_passes("unique_combination_of_columns") and events_test_passes("not_null")
    assert "event_id is null" in compiled("unique_combination_of_columns")  # only rows with a NULL key
    assert "from pg_constraint" in compiled("not_null")

    def add_copy_of_an_accepted_event(changes: str) -> None:
        fresh_db.execute(
            f"create temp table copied as select * from {EVENTS} where dq_reason is null order by _row_id limit 1;"
            f"update copied set _row_id = _row_id + {COPIED_ROW_IDS}, {changes};"
            f"insert into {EVENTS} select * from copied"
        )

    # an accepted duplicate, or an accepted event without a moment, is refused on write...
    with pytest.raises(psycopg.errors.UniqueViolation):
        add_copy_of_an_accepted_event("recorded_at = recorded_at")
    with pytest.raises(psycopg.errors.CheckViolation):
        add_copy_of_an_accepted_event("event_id = 'NEW-1', event_at = null")
    # ...a rejected one is not: the test does not read it either
    add_copy_of_an_accepted_event("event_at = null, dq_reason = 'missing event_at'")
    assert events_test_passes("unique_combination_of_columns") and events_test_passes("not_null")
    # the project's own row tests are check constraints too
    assert events_test_passes("column_at_least") and "from pg_constraint" in compiled("column_at_least")
    with pytest.raises(psycopg.errors.CheckViolation):
        fresh_db.execute(f"update {EVENTS} set valid_until = event_at - interval '1 day' "
                         f"where dq_reason is null and valid_until is not null")

    # without the index, every accepted row is grouped again, and a duplicate found
    fresh_db.execute(f"drop index staging.{index_name}; delete from {EVENTS} where _row_id > {COPIED_ROW_IDS}")
    assert events_test_passes("unique_combination_of_columns")
    assert "event_id is null" not in compiled("unique_combination_of_columns")
    add_copy_of_an_accepted_event("recorded_at = recorded_at")
    assert not events_test_passes("unique_combination_of_columns")

    # the next build refuses to put the index back while the duplicate is there, puts
    # it back once it is gone, and drops a partial index no test asks for
    def run_events() -> bool:
        return run_dbt(["run", "--select", "stg_consents__events", "--vars", f"as_of: '{DEMO_AS_OF}'"],
                       fresh_db.url).exit_code == 0

    assert not run_events()
    fresh_db.execute(f"delete from {EVENTS} where _row_id > {COPIED_ROW_IDS};"
                     f"create unique index unique__000000000000000000000000 on {EVENTS} (_row_id) where false")
    assert run_events()
    assert fresh_db.query(
        "select indexname from pg_indexes where schemaname || '.' || tablename = %s "
        "and indexname like 'unique\\_\\_%%'", (EVENTS,)) == [(index_name,)]
