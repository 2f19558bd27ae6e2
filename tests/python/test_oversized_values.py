"""A value too long for an index entry is a data-quality issue, never a failed build.

PostgreSQL's B-tree entries hold at most ~2.7 kB; an identifier or an address of a few
kilobytes of noise (incompressible) once failed the whole staging build.
"""

from __future__ import annotations

import csv
import hashlib
import secrets
from pathlib import Path

from consentmart.contract import RAW_TABLES

from conftest import DEMO_DIR, Database


def _noise(length: int = 3000) -> str:
    return secrets.token_urlsafe(length)[:length]


def _shown(key: str) -> str:
    """How the data-quality report shows a key part longer than an identifier can be."""
    return key[:160] + "…" + hashlib.md5(key.encode()).hexdigest()


def _write(directory: Path, table: str, row: dict[str, str]) -> None:
    with (directory / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RAW_TABLES[table])
        writer.writeheader()
        writer.writerow(row)


def test_oversized_keys_and_addresses_are_reported_and_the_build_goes_on(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    fresh_db.build(tmp_path / "first")
    keys = {table: _noise() for table in
            ("customers", "contracts", "consent_events", "consent_documents", "communications", "revocation_requests")}
    day = tmp_path / "day"
    day.mkdir()
    _write(day, "customers", {
        "source_system": "crm_dept1", "source_customer_id": keys["customers"], "full_name": "Петров Пётр Петрович",
        "updated_at": "2024-03-01T10:00:00",
    })
    _write(day, "contracts", {
        "source_system": "crm_dept1", "contract_id": keys["contracts"], "source_customer_id": "C1013",
        "product_code": "mobile", "signed_at": "2024-04-14",
    })
    _write(day, "consent_events", {
        "source_system": "crm_dept1", "event_id": keys["consent_events"], "source_customer_id": "C1013",
        "purpose": "marketing", "channel": "sms", "action": "grant", "event_at": "2026-11-01T10:00:00",
        "recorded_at": "2026-11-01T10:00:00", "collection_method": "web_form",
    })
    _write(day, "consent_documents", {"document_id": keys["consent_documents"], "source_system": "crm_dept1"})
    _write(day, "communications", {
        "communication_id": keys["communications"], "system": "sms_gateway", "channel": "sms",
        "contact_point": "+79160000001", "sent_at": "2026-11-02T10:00:00", "kind": "advertising",
    })
    _write(day, "revocation_requests", {
        "request_id": keys["revocation_requests"], "received_at": "2026-11-02T10:00:00", "received_via": "letter",
        "scope": "all_marketing", "full_name": "Петров Пётр Петрович",
    })
    fresh_db.load(day, append=True)
    address = _noise()
    fresh_db.execute(
        "insert into raw.customers (source_system, source_customer_id, full_name, address, updated_at, _batch_id) "
        f"values ('crm_dept1', 'C-LONG-ADDRESS', 'Сидоров Семён Семёнович', '{address}', '2024-03-01T10:00:00', "
        "(select max(batch_id) from raw._load_batches))"
    )

    fresh_db.build(tmp_path / "next")  # incrementally: the keyed staging path

    found = fresh_db.query(
        "select source_table, source_key, reason, disposition from marts.data_quality_issues "
        "where reason in ('key too long', 'address longer than 500 characters')"
    )
    assert sorted(found) == sorted([
        ("communications", _shown(keys["communications"]), "key too long", "rejected"),
        ("consent_documents", _shown(keys["consent_documents"]), "key too long", "rejected"),
        ("consent_events", "crm_dept1 / " + _shown(keys["consent_events"]), "key too long", "rejected"),
        ("contracts", "crm_dept1 / " + _shown(keys["contracts"]), "key too long", "rejected"),
        ("customers", "crm_dept1 / C-LONG-ADDRESS", "address longer than 500 characters", "value_ignored"),
        ("customers", "crm_dept1 / " + _shown(keys["customers"]), "key too long", "rejected"),
        ("revocation_requests", _shown(keys["revocation_requests"]), "key too long", "rejected"),
    ])
    # the record with the long address stays a customer, without the address
    assert fresh_db.query(
        "select address is null, dq_reason from staging.stg_crm__customers where source_customer_id = 'C-LONG-ADDRESS'"
    ) == [(True, None)]
