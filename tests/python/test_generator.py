"""`consentmart generate`: reproducible, realistic, and its truth consistent with itself
and with what the warehouse already computes (data-quality routing)."""

from __future__ import annotations

import csv
import filecmp
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from consentmart.contract import RAW_TABLES
from consentmart.generator import names
from consentmart.generator.output import TRUTH_FILES, generate

from conftest import WORLD_SEED, WORLD_SIZE, BuiltDemo, Database

SIZE = WORLD_SIZE
AS_OF = "2026-11-20T12:00:00+03:00"
# Every story piece the generator knows; each must appear at the demo size.
STORIES = {
    "telecom", "bank", "pd_processing_grant", "grant_channels", "grant_any", "perpetual_grant", "refusal",
    "contract_only", "partner_transfer_grant", "analytics_grant", "no_contract", "near_miss_name",
    "near_miss_passport", "shared_phone", "app_revoke", "request_matched", "request_authenticated",
    "request_unmatched_typo", "request_phone_only", "bank_pd_withdrawal", "pending_evidence",
    "paper_recorded_late", "destroyed", "retention_destroy_overdue", "retention_destroy_due",
    "retention_retain_legal_obligation",
}
# Every contract breach the generator injects (raw-contract.md), by table.
BREACHES = {
    ("customers", "missing key"), ("customers", "missing full_name"), ("customers", "unparseable updated_at"),
    ("customers", "after as_of"), ("customers", "duplicate key with different content"),
    ("customers", "unparseable birth_date"), ("customers", "passport is not 10 digits"),
    ("contracts", "unknown source_customer_id"), ("contracts", "unparseable signed_at"),
    ("contracts", "after as_of"), ("contracts", "ended_at before signed_at"),
    ("consent_events", "unknown channel"), ("consent_events", "unknown purpose"), ("consent_events", "unknown action"),
    ("consent_events", "unknown collection_method"), ("consent_events", "missing source_customer_id"),
    ("consent_events", "missing event_at"), ("consent_events", "unparseable event_at"),
    ("consent_events", "missing recorded_at"), ("consent_events", "valid_until before event_at"),
    ("consent_events", "after as_of"), ("consent_events", "unknown source_customer_id"),
    ("consent_events", "duplicate key with different content"),
    ("consent_documents", "unknown kind"), ("consent_documents", "unparseable is_signed"),
    ("consent_documents", "unparseable sha256"), ("consent_documents", "missing storage_uri"),
    ("consent_documents", "after as_of"),
    ("revocation_requests", "unknown scope"), ("revocation_requests", "unknown received_via"),
    ("revocation_requests", "after as_of"),
    ("regulator_requests", "unknown regulator"), ("regulator_requests", "unparseable received_at"),
    ("downstream_contact_lists", "unparseable contact_point"), ("downstream_contact_lists", "unknown channel"),
    ("downstream_contact_lists", "after as_of"),
    ("communications", "unparseable sent_at"), ("communications", "missing contact_point"),
    ("communications", "unknown kind"), ("communications", "after as_of"),
    ("products", "unparseable pd_retention_years"), ("downstream_systems", "unknown channel"),
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def world(world_dir: Path) -> Path:
    return world_dir


def test_same_seed_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    generate(tmp_path / "one", 1500, seed=5, workers=1)
    generate(tmp_path / "two", 1500, seed=5, workers=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.csv"))
    assert len(files) == len(RAW_TABLES) + len(TRUTH_FILES)
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []
    generate(tmp_path / "other", 1500, seed=6, workers=2)
    assert not filecmp.cmp(tmp_path / "one" / "customers.csv", tmp_path / "other" / "customers.csv", shallow=False)


def test_every_raw_table_has_the_contract_header(world: Path) -> None:
    for table, columns in RAW_TABLES.items():
        with (world / f"{table}.csv").open(encoding="utf-8") as handle:
            assert handle.readline().rstrip("\n") == ",".join(columns)
    manifest = json.loads((world / "truth" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["customers"] == SIZE and manifest["as_of"] == AS_OF


def test_every_story_piece_and_breach_kind_appears(world: Path) -> None:
    stories = Counter(row["story"] for row in _read(world / "truth" / "stories.csv"))
    assert STORIES <= set(stories), STORIES - set(stories)
    breaches = {(row["source_table"], row["reason"]) for row in _read(world / "truth" / "data_quality.csv")}
    assert breaches == BREACHES


def test_truth_is_consistent_with_itself_and_the_raw_rows(world: Path) -> None:
    truth = world / "truth"
    records = _read(truth / "source_records.csv")
    clusters = {r["expected_cluster"] for r in records}
    rejected = {(r["source_table"], r["source_key"]) for r in _read(truth / "data_quality.csv")
                if r["disposition"] == "rejected"}
    raw_customers = {f"{r['source_system']} / {r['source_customer_id'] or '∅'}" for r in _read(world / "customers.csv")}
    kept = {k for k in raw_customers if ("customers", k) not in rejected}
    assert {f"{r['source_system']} / {r['source_customer_id']}" for r in records} == kept
    # every cluster is named by one of its own records
    assert clusters <= {f"{r['source_system']} / {r['source_customer_id']}" for r in records}

    events = {f"{r['source_system']} / {r['event_id']}" for r in _read(world / "consent_events.csv")}
    status = _read(truth / "consent_status.csv")
    assert {r["cluster"] for r in status} <= clusters
    for row in status:
        assert (row["status"] == "active") == bool(row["basis_event"])
        if row["basis_event"]:
            assert row["basis_event"] in events
    allowed = {(r["cluster"], r["channel"]) for r in status
               if r["purpose"] == "marketing" and r["status"] == "active" and r["evidence_status"] == "ok"}
    assert {(r["cluster"], r["channel"]) for r in _read(truth / "audience.csv")} <= allowed

    verdicts = {r["communication_id"]: r for r in _read(truth / "communications.csv")}
    raw_messages = _read(world / "communications.csv")
    kept_messages = {r["communication_id"] for r in raw_messages if ("communications", r["communication_id"]) not in rejected}
    assert set(verdicts) == kept_messages
    kinds = {r["communication_id"]: r["kind"] for r in raw_messages}
    for message_id, row in verdicts.items():
        assert (row["verdict"] == "not_required") == (kinds[message_id] != "advertising")
        assert (row["verdict"] == "unknown_recipient") == (row["owners"] == "")

    violations = defaultdict(set)
    for row in _read(truth / "violations.csv"):
        violations[row["violation_type"]].add(row["key"])
    assert violations["communication_without_consent"] == {
        m for m, r in verdicts.items() if r["verdict"] in ("refused", "expired", "no_consent", "unknown_recipient")}
    assert violations["unprovable_consent"] == {m for m, r in verdicts.items() if r["verdict"] == "covered_unproven"}
    assert violations["stale_feed"] == {"esp_email"}
    retention = {r["cluster"]: r["status"] for r in _read(truth / "retention.csv")}
    assert set(retention) == clusters
    assert violations["pd_retention_overdue"] == {c for c, s in retention.items() if s == "destroy_overdue"}
    requests = {r["request_id"]: r["status"] for r in _read(truth / "revocation_requests.csv")}
    assert violations["revocation_overdue"] == {r for r, s in requests.items() if s in ("open_overdue", "done_late")}
    raw_requests = {r["request_id"] for r in _read(world / "revocation_requests.csv")}
    assert set(requests) == {r for r in raw_requests if ("revocation_requests", r) not in rejected}
    for row in _read(truth / "review_pairs.csv"):
        assert row["cluster"] in clusters and row["candidate"] in clusters and row["cluster"] != row["candidate"]


def test_namesakes_are_common_and_near_misses_are_rare(world: Path) -> None:
    # "hundreds of Иванов Иван Иванович at a million customers"
    assert 100 < names.probability_of("Иванов Иван Иванович") * 1_000_000 < 500
    rng = random.Random(3)
    sample = Counter(names.draw_name(rng)[0] for _ in range(200_000))
    assert 20 < sample["Иванов Иван Иванович"] < 100  # expected about 38 in 200 000
    people = _read(world / "customers.csv")
    anchors = Counter(names.normalise(r["full_name"]) for r in people if r["source_customer_id"].startswith(("C", "B")))
    shared = sum(n for n in anchors.values() if n > 1) / sum(anchors.values())
    assert 0.02 < shared < 0.5  # a real share of customers have a namesake
    stories = Counter(row["story"] for row in _read(world / "truth" / "stories.csv"))
    assert 0.01 < stories["near_miss_name"] / SIZE < 0.03
    assert 0.005 < stories["near_miss_passport"] / SIZE < 0.02
    assert 0.01 < stories["shared_phone"] / SIZE < 0.03


def test_bad_rows_are_a_small_share(world: Path) -> None:
    raw_rows = sum(len(_read(world / f"{table}.csv")) for table in RAW_TABLES)
    faults = len(_read(world / "truth" / "data_quality.csv"))
    assert 0 < faults / raw_rows < 0.01


def test_near_miss_records_are_never_the_same_cluster(world: Path) -> None:
    records = {f"{r['source_system']} / {r['source_customer_id']}": r
               for r in _read(world / "truth" / "source_records.csv")}
    for pair in _read(world / "truth" / "review_pairs.csv"):
        assert records[pair["candidate"]]["expected_cluster"] == pair["candidate"]
        assert records[pair["candidate"]]["person_index"] == records[pair["cluster"]]["person_index"]


def test_the_warehouse_reports_exactly_the_injected_breaches(world: Path, world_db: BuiltDemo) -> None:
    expected = {tuple(r.values()) for r in _read(world / "truth" / "data_quality.csv")}
    found = set(world_db.query("select source_table, source_key, reason, disposition from marts.data_quality_issues"))
    assert found == expected
    # a re-delivery collapses: one staged row for each re-delivered key
    for row in _read(world / "truth" / "redeliveries.csv"):
        if row["source_table"] == "communications":
            assert world_db.query("select count(*) from staging.stg_downstream__communications "
                                  "where communication_id = %s", (row["source_key"],)) == [(1,)]


def test_the_next_day_appends_cleanly(world: Path, fresh_db: Database, tmp_path: Path) -> None:
    day = tmp_path / "day1"
    manifest = generate(day, SIZE, seed=WORLD_SEED, day=1)
    assert set(manifest["rows"]) == {"consent_events", "consent_documents", "revocation_requests",
                                     "downstream_contact_lists", "communications"}
    events = _read(day / "consent_events.csv")
    assert 0 < len(events) < SIZE * 0.05  # about three consent facts per customer a year
    base_events = {(r["source_system"], r["event_id"]) for r in _read(world / "consent_events.csv")}
    assert not {(r["source_system"], r["event_id"]) for r in events} & base_events
    fresh_db.load(world)
    fresh_db.load(day, append=True)
    fresh_db.build(tmp_path / "target", as_of="2026-11-21T12:00:00+03:00")
    expected = {tuple(r.values()) for r in _read(world / "truth" / "data_quality.csv")}
    found = set(fresh_db.query("select source_table, source_key, reason, disposition from marts.data_quality_issues"))
    assert found == expected  # the day's rows are all clean
