"""A later load batch is the source's newer version; one batch with two contents is a breach."""

from __future__ import annotations

import csv
from pathlib import Path

from consentmart.contract import RAW_TABLES

from conftest import DEMO_DIR, Database


def _write(path: Path, table: str, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RAW_TABLES[table])
        writer.writeheader()
        writer.writerows(rows)


def test_an_appended_correction_supersedes_and_resolves_a_conflict(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    day = tmp_path / "day"
    day.mkdir()
    # The source re-sends D2099 once, with its phone settled, and ends a contract.
    _write(day / "customers.csv", "customers", [{
        "source_system": "crm_dept2", "source_customer_id": "D2099", "full_name": "Антонова Вера Львовна",
        "birth_date": "1972-12-12", "passport": "4518 060606", "phone": "+7 908 080-80-81",
        "updated_at": "2024-03-01T10:00:00",
    }])
    _write(day / "contracts.csv", "contracts", [{
        "source_system": "crm_dept1", "contract_id": "K-M-1013", "source_customer_id": "C1013",
        "product_code": "mobile", "signed_at": "2024-04-14", "ended_at": "2026-11-01", "sales_channel": "app",
    }])
    fresh_db.load(day, append=True)
    fresh_db.build(tmp_path / "target")

    assert fresh_db.query(
        "select phone, dq_reason from staging.stg_crm__customers where source_customer_id = 'D2099'"
    ) == [("+79080808081", None)]
    assert fresh_db.query(
        "select ended_at::text from staging.stg_crm__contracts where contract_id = 'K-M-1013'"
    ) == [("2026-11-01",)]
    assert fresh_db.query(
        "select count(*) from marts.data_quality_issues where source_key = 'crm_dept2 / D2099'"
    ) == [(0,)]
