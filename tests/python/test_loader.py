"""`consentmart load`: COPY into text tables, contract checks before any write."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from consentmart.contract import RAW_TABLES
from consentmart.errors import ConsentMartError

from conftest import DEMO_DIR, Database


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _copy_demo(tmp_path: Path) -> Path:
    target = tmp_path / "batch"
    shutil.copytree(DEMO_DIR, target)
    return target


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_load_lands_every_row_as_text(fresh_db: Database) -> None:
    counts = fresh_db.load(DEMO_DIR)
    assert counts == {table: _csv_rows(DEMO_DIR / f"{table}.csv") for table in RAW_TABLES}
    for table, loaded in counts.items():
        assert fresh_db.query(f"select count(*) from raw.{table}") == [(loaded,)]
    types = fresh_db.query(
        "select distinct data_type from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'consent_events' and column_name not like '\\_%'"
    )
    assert types == [("text",)]
    # a value the contract forbids still loads, as the text it was
    assert fresh_db.query("select updated_at from raw.customers where source_customer_id = 'C1099'") == [
        ("31.12.2025",)
    ]


def test_empty_cells_and_quoted_empty_strings_are_null(fresh_db: Database, tmp_path: Path) -> None:
    batch = _copy_demo(tmp_path)
    (batch / "products.csv").write_text(
        'product_code,product_name,product_line,pd_retention_years\nmobile,"",telecom,0\ncctv,,,0\n',
        encoding="utf-8",
    )
    fresh_db.load(batch)
    assert fresh_db.query("select product_code, product_name, product_line from raw.products order by 1") == [
        ("cctv", None, None),
        ("mobile", None, "telecom"),
    ]


def test_replace_then_append_keeps_batches_apart(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    fresh_db.load(DEMO_DIR)  # a second full load replaces, it does not double
    assert fresh_db.query("select count(*) from raw.customers") == [(_csv_rows(DEMO_DIR / "customers.csv"),)]

    day = tmp_path / "day"
    day.mkdir()
    _write(
        day / "communications.csv",
        list(RAW_TABLES["communications"]),
        [["M-1000", "sms_gateway", "sms", "+79010101010", "", "2026-11-20T09:00:00", "advertising", "NOV"]],
    )
    assert fresh_db.load(day, append=True) == {"communications": 1}
    assert fresh_db.query("select count(*) from raw.communications") == [
        (_csv_rows(DEMO_DIR / "communications.csv") + 1,)
    ]
    batches = fresh_db.query("select batch_id, is_append from raw._load_batches order by batch_id")
    assert [is_append for _, is_append in batches] == [False, False, True]
    newest = batches[-1][0]
    assert fresh_db.query(
        "select communication_id from raw.communications where _batch_id = %s", (newest,)
    ) == [("M-1000",)]


def test_extra_columns_are_ignored_and_order_does_not_matter(fresh_db: Database, tmp_path: Path) -> None:
    batch = _copy_demo(tmp_path)
    header = ["comment", *reversed(RAW_TABLES["products"]), "Legacy Flag"]
    _write(batch / "products.csv", header, [["ignored", "5", "banking", "Вклад", "deposit", "x"]])
    fresh_db.load(batch)
    assert fresh_db.query("select * from raw.products") == [
        ("deposit", "Вклад", "banking", "5", *fresh_db.query("select _batch_id, _row_id, _loaded_at from raw.products")[0])
    ]


def test_a_hand_made_raw_table_gets_the_missing_columns(fresh_db: Database) -> None:
    fresh_db.execute("create schema raw; create table raw.products (product_code text)")
    fresh_db.load(DEMO_DIR)
    columns = fresh_db.query(
        "select column_name from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'products' order by ordinal_position"
    )
    assert [c for (c,) in columns] == ["product_code", "product_name", "product_line", "pd_retention_years",
                                        "_batch_id", "_row_id", "_loaded_at"]


def test_every_raw_table_has_its_row_id_indexed(fresh_db: Database) -> None:
    # incremental staging looks up rows by _row_id; without the index each build reads whole tables
    fresh_db.execute("create schema raw; create table raw.products (product_code text)")
    fresh_db.load(DEMO_DIR)
    indexed = fresh_db.query(
        "select tablename from pg_indexes where schemaname = 'raw' "
        "and indexname = tablename || '__row_id' and indexdef like '%(_row_id)' order by tablename"
    )
    assert [t for (t,) in indexed] == sorted(RAW_TABLES)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: (d / "products.csv").unlink(), "missing products.csv (a load replaces every raw table"),
        (lambda d: (d / "consent_events.csv").rename(d / "consent_event.csv"),
         "not a raw table: consent_event.csv (did you mean consent_events.csv?)"),
        (lambda d: _write(d / "customers.csv", ["source_system", "source_customer_id", "full_name"], []),
         "header lacks contract column birth_date, passport, phone, email, address, updated_at, anonymized_at"),
        (lambda d: (d / "products.csv").write_text("", encoding="utf-8"), "empty file, expected a header row"),
        (lambda d: _write(d / "products.csv", ["product_code", "product_code", "product_name", "product_line",
                                                "pd_retention_years"], []),
         "duplicate header column product_code"),
    ],
    ids=["missing", "misnamed", "header-lacks-columns", "empty", "duplicate-header"],
)
def test_contract_errors_name_the_problem_and_write_nothing(
    fresh_db: Database, tmp_path: Path, mutate, message: str
) -> None:
    batch = _copy_demo(tmp_path)
    mutate(batch)
    with pytest.raises(ConsentMartError) as error:
        fresh_db.load(batch)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert fresh_db.query("select count(*) from information_schema.schemata where schema_name = 'raw'") == [(0,)]


def test_a_malformed_csv_line_fails_the_whole_load_naming_file_and_line(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    batch = _copy_demo(tmp_path)
    with (batch / "products.csv").open("a", encoding="utf-8") as handle:
        handle.write("deposit,Вклад,banking,5,surplus\n")
    with pytest.raises(ConsentMartError) as error:
        fresh_db.load(batch)
    assert str(error.value).startswith(f"{batch / 'products.csv'}: extra data after last expected column")
    assert "(COPY products, line 11: " in str(error.value)
    # the transaction rolled back: the earlier load is intact
    assert fresh_db.query("select count(*) from raw.products") == [(9,)]


def test_append_accepts_a_partial_batch_but_not_an_empty_directory(fresh_db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConsentMartError, match="no <table>.csv files to load"):
        fresh_db.load(empty, append=True)
    with pytest.raises(ConsentMartError, match="no such directory"):
        fresh_db.load(tmp_path / "nowhere", append=True)
