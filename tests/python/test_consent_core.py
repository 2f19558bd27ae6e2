"""Consent core: identity, consent history, status and audience - against the
generator's truth, the article's customer, and the marketing export."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from consentmart.audience import export
from consentmart.errors import ConsentMartError

from conftest import DEMO_DIR, BuiltDemo, Database


def _truth(world: Path, name: str) -> list[dict[str, str]]:
    with (world / "truth" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def keys(world_db: BuiltDemo) -> dict[str, str]:
    """Each source record's customer key, by "system / id"."""
    return {f"{s} / {i}": k for s, i, k in world_db.query(
        "select source_system, source_customer_id, customer_key from marts.customer_source_map")}


def test_identity_clusters_are_exactly_the_truth(world_dir: Path, keys: dict[str, str]) -> None:
    expected = defaultdict(set)
    for row in _truth(world_dir, "source_records"):
        expected[row["expected_cluster"]].add(f"{row['source_system']} / {row['source_customer_id']}")
    found = defaultdict(set)
    for record, key in keys.items():
        found[key].add(record)
    assert {frozenset(s) for s in found.values()} == {frozenset(s) for s in expected.values()}
    assert len(expected) > 4000  # every customer, plus the near misses kept apart


def test_review_queue_is_exactly_the_near_misses_and_unmatched_requests(
    world_dir: Path, world_db: BuiltDemo, keys: dict[str, str]
) -> None:
    pairs = {(frozenset((keys[r["cluster"]], keys[r["candidate"]])), r["reason"])
             for r in _truth(world_dir, "review_pairs")}
    found = {(frozenset(candidates), reason) for candidates, reason in world_db.query(
        "select candidate_customer_keys, reason from marts.identity_review_queue "
        "where item_type in ('near_miss_name', 'near_miss_passport')")}
    assert found == pairs
    unmatched = {r["request_id"] for r in _truth(world_dir, "revocation_requests") if r["status"] == "unmatched"}
    queued = {r for (r,) in world_db.query(
        "select request_id from marts.identity_review_queue where item_type = 'unmatched_revocation_request'")}
    assert queued == unmatched and unmatched


def test_status_of_every_customer_purpose_channel_is_exactly_the_truth(
    world_dir: Path, world_db: BuiltDemo, keys: dict[str, str]
) -> None:
    cluster_key = {r["expected_cluster"]: keys[r["expected_cluster"]] for r in _truth(world_dir, "source_records")}
    expected = {
        (cluster_key[r["cluster"]], r["purpose"], r["channel"]):
            (r["status"], r["basis_event"] or None, r["evidence_status"] or None, r["is_perpetual"] == "true")
        for r in _truth(world_dir, "consent_status")
    }
    found = {
        (k, p, c): (s, f"{bs} / {be}" if be else None, ev, perpetual)
        for k, p, c, s, bs, be, ev, perpetual in world_db.query(
            "select customer_key, purpose, channel, status, basis_source_system, basis_event_id, evidence_status, "
            "is_perpetual from marts.consent_status")
    }
    assert found == expected
    statuses = {s for s, *_ in expected.values()}
    assert statuses == {"active", "expired", "revoked", "denied"}


def test_audience_is_exactly_the_truth(world_dir: Path, world_db: BuiltDemo, keys: dict[str, str]) -> None:
    expected = {(keys[r["cluster"]], r["channel"], r["contact_point"]) for r in _truth(world_dir, "audience")}
    found = set(world_db.query("select customer_key, channel, contact_point from marts.contactable_audience"))
    assert found == expected
    assert {channel for _, channel, _ in found} == {"sms", "call", "email", "push", "messenger", "post"}


def test_the_article_customer_may_only_be_emailed_at_one_address(demo: BuiltDemo) -> None:
    """Ибрагим Петрович: four telecom contracts over five years, a refusal in the latest."""
    key = demo.query("select customer_key from marts.customer_source_map where source_customer_id = 'C1001'")[0][0]
    assert demo.query("select source_customer_id from marts.customer_source_map where customer_key = %s "
                      "order by 1", (key,)) == [("B5001",), ("C1001",), ("D2001",), ("W3001",)]
    assert demo.query(
        "select channel, status, basis_event_id, evidence_status, is_perpetual from marts.consent_status "
        "where customer_key = %s and purpose = 'marketing' order by channel", (key,)
    ) == [
        ("call", "denied", None, None, False),
        ("email", "active", "E-2003", "ok", True),  # the open-ended grant outruns the 5-year one
        ("messenger", "expired", None, None, False),
        ("post", "expired", None, None, False),
        ("push", "denied", None, None, False),
        ("sms", "denied", None, None, False),
    ]
    assert demo.query("select channel, contact_point from marts.contactable_audience where customer_key = %s",
                      (key,)) == [("email", "ibragim@ya.ru")]


def test_namesakes_stay_apart_and_ambiguity_is_reviewed(demo: BuiltDemo) -> None:
    rows = demo.query(
        "select m.source_customer_id, m.is_ambiguous, c.n_source_records, c.passport_masked "
        "from marts.customer_source_map m join marts.customers c using (customer_key) "
        "where m.source_customer_id in ('C1002', 'C1003', 'D2002', 'D2003') order by 1")
    assert rows == [("C1002", False, 1, "45** ***111"), ("C1003", False, 1, "45** ***222"),
                    ("D2002", True, 1, None), ("D2003", False, 1, "45** ***333")]
    assert demo.query("select item_type, reason, request_id from marts.identity_review_queue order by 1, 3") == [
        ("ambiguous_record", "the record fits customers with different passports", None),
        ("near_miss_name", "name differs by one letter", None),
        ("near_miss_passport", "passport differs by one digit", None),
        ("unmatched_revocation_request", "no identifying keys", "R-0003"),
        ("unmatched_revocation_request", "the keys point at several customers", "R-0005"),
    ]


def test_customer_keys_do_not_move_when_unrelated_records_arrive(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    fresh_db.build(tmp_path / "first")
    before = dict(fresh_db.query("select source_system || '/' || source_customer_id, customer_key "
                                 "from marts.customer_source_map"))
    later = tmp_path / "later"
    later.mkdir()
    (later / "customers.csv").write_text(
        "source_system,source_customer_id,full_name,birth_date,passport,phone,email,address,updated_at,anonymized_at\n"
        "web,W9001,Абрамова Зоя Ильинична,1977-07-17,4000 000001,+7 900 100-00-01,,,2026-11-01T10:00:00,\n"
        "crm_dept1,C9001,Иванов Иван Иванович,1971-01-01,4000 000002,+7 900 100-00-02,,,2026-11-01T10:00:00,\n",
        encoding="utf-8")
    fresh_db.load(later, append=True)
    fresh_db.build(tmp_path / "second")
    after = dict(fresh_db.query("select source_system || '/' || source_customer_id, customer_key "
                                "from marts.customer_source_map"))
    assert {record: after[record] for record in before} == before
    assert len(after) == len(before) + 2


def test_audience_export_as_csv_and_parquet(demo: BuiltDemo, tmp_path: Path) -> None:
    import psycopg

    expected = demo.query("select customer_key, contact_point from marts.contactable_audience "
                          "where channel = 'sms' order by customer_key, contact_point")
    assert expected
    with psycopg.connect(demo.url) as conn:
        assert export(conn, "sms", tmp_path / "sms.csv") == len(expected)
        assert export(conn, "sms", tmp_path / "sms.parquet") == len(expected)
    with (tmp_path / "sms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["customer_key", "channel", "contact_point", "consent_expires_at", "basis_event_id"]
    assert [(r["customer_key"], r["contact_point"]) for r in rows] == expected
    table = pq.read_table(tmp_path / "sms.parquet").to_pylist()
    assert [(r["customer_key"], r["contact_point"]) for r in table] == expected
    assert "passport" not in table[0] and "birth_date" not in table[0]


def _run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "consentmart.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "CONSENTMART_DATABASE_URL": url}, timeout=120)


@pytest.mark.parametrize(
    ("channel", "name", "message"),
    [
        ("fax", "a.csv", "unknown channel 'fax'; one of: call, email, messenger, post, push, sms"),
        ("sms", "a.xlsx", "--out: unsupported file type .xlsx; use .csv or .parquet"),
    ],
)
def test_audience_errors_are_one_line_and_leave_no_file(
    demo: BuiltDemo, tmp_path: Path, channel: str, name: str, message: str
) -> None:
    result = _run("audience", "--channel", channel, "--out", str(tmp_path / name), url=demo.url)
    assert result.returncode == 2
    assert result.stderr.strip() == f"consentmart: error: {message}"
    assert list(tmp_path.iterdir()) == []


def test_audience_before_any_build_says_what_to_run(fresh_db: Database, tmp_path: Path) -> None:
    fresh_db.load(DEMO_DIR)
    with pytest.raises(ConsentMartError, match="the marts are not built yet: run `consentmart build` first"):
        import psycopg

        with psycopg.connect(fresh_db.url) as conn:
            export(conn, "sms", tmp_path / "a.csv")
    assert list(tmp_path.iterdir()) == []
