"""Compliance marts (first part): every message's verdict and lineage."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import BuiltDemo


def test_every_message_verdict_is_exactly_the_truth(world_dir: Path, world_db: BuiltDemo) -> None:
    with (world_dir / "truth" / "communications.csv").open(encoding="utf-8", newline="") as handle:
        expected = {r["communication_id"]: (r["verdict"], r["recorded_after_send"] == "true")
                    for r in csv.DictReader(handle)}
    found = {m: (v, late) for m, v, late in world_db.query(
        "select communication_id, verdict, recorded_after_send from marts.communication_lineage")}
    assert found == expected
    assert {v for v, _ in expected.values()} == {
        "covered", "covered_unproven", "refused", "expired", "no_consent", "unknown_recipient", "not_required"}
    assert any(late for _, late in expected.values())


def test_the_demo_messages_get_the_verdicts_of_their_stories(demo: BuiltDemo) -> None:
    verdicts = dict(demo.query("select communication_id, verdict from marts.communication_lineage"))
    assert verdicts == {
        "M-0001": "refused",            # dept 2 called after the revocation letter
        "M-0002": "refused",            # the broken e-mail feed mailed a revoked address
        "M-0003": "covered_unproven",   # consent by a plain web form: anyone could fill it in
        "M-0004": "expired",            # the call on 28 December at 18:00, consent over since 2023
        "M-0005": "no_consent",         # "has a contract" is not consent
        "M-0006": "unknown_recipient",  # a grey-list number
        "M-0007": "covered",
        "M-0008": "refused",            # the refusal ticked in the latest contract
        "M-0009": "no_consent",         # a phone shared with a record that consented to nothing
        "M-0010": "covered",
        "M-0011": "not_required",
        "M-0012": "not_required",
        "M-0013": "covered",            # 'реклама' is advertising
    }


def test_lineage_shows_the_signed_original_behind_a_covered_message(demo: BuiltDemo) -> None:
    assert demo.query(
        "select basis_source_system, basis_event_id, document_id, storage_uri, contract_id, product_code, "
        "collection_method, recorded_after_send from marts.communication_lineage where communication_id = 'M-0007'"
    ) == [("crm_dept2", "E-2003", "DOC-2002", "tape://LTO-0042/2023/02/ivanov_ip_K-T-2002.tif", "K-T-2002",
           "cable_tv", "paper", False)]
    # the loan's paper consent reached the archive after the first text was sent
    assert demo.query("select verdict, recorded_after_send, storage_uri from marts.communication_lineage "
                      "where communication_id = 'M-0010'") == [
        ("covered", True, "archive://2026/08/podolsk-ritm/P/petrova_as_K-L-4001.pdf")]
    assert demo.query("select customer_key, basis_event_id from marts.communication_lineage "
                      "where communication_id = 'M-0006'") == [(None, None)]


def test_every_revocation_request_status_deadline_and_completion_is_exactly_the_truth(
    world_dir: Path, world_db: BuiltDemo
) -> None:
    with (world_dir / "truth" / "revocation_requests.csv").open(encoding="utf-8", newline="") as handle:
        expected = {r["request_id"]: (r["status"], r["deadline_at"], r["completed_at"] or None)
                    for r in csv.DictReader(handle)}
    moscow = "YYYY-MM-DD\"T\"HH24:MI:SS"
    found = {r: (s, d, c) for r, s, d, c in world_db.query(
        f"select request_id, status, to_char(deadline_at at time zone 'Europe/Moscow', '{moscow}'), "
        f"to_char(completed_at at time zone 'Europe/Moscow', '{moscow}') from marts.revocation_sla")}
    assert found == expected
    assert {s for s, _, _ in expected.values()} == {"done_on_time", "done_late", "open", "open_overdue", "unmatched"}


def test_the_broken_email_feed_keeps_every_revocation_open(demo: BuiltDemo) -> None:
    """esp_email sent its last list on 1 May: no later request touching e-mail can be complete."""
    assert demo.query(
        "select request_id, customer_key is not null, status, to_char(deadline_at at time zone 'Europe/Moscow', "
        "'YYYY-MM-DD HH24:MI:SS'), n_systems, n_systems_cleared from marts.revocation_sla order by 1"
    ) == [
        # every system but dept 2 (never heard of the letter) and the e-mail service (no list since May)
        ("R-0001", True, "open_overdue", "2026-10-15 23:59:59", 6, 4),
        # 9 March 2026 was a day off (8 March fell on a Sunday); every list since is clean, but the
        # first clean one of crm_dept1 and the dialer came only in November
        ("R-0002", True, "done_late", "2026-03-20 23:59:59", 6, 6),
        ("R-0003", False, "unmatched", "2026-11-24 23:59:59", None, None),
        ("R-0004", True, "open_overdue", "2026-06-16 23:59:59", 1, 0),  # only the e-mail service serves email
        ("R-0005", False, "unmatched", "2026-11-30 23:59:59", None, None),
    ]


def test_every_customer_retention_is_exactly_the_truth(world_dir: Path, world_db: BuiltDemo) -> None:
    keys = {f"{s} / {i}": k for s, i, k in world_db.query(
        "select source_system, source_customer_id, customer_key from marts.customer_source_map")}
    with (world_dir / "truth" / "retention.csv").open(encoding="utf-8", newline="") as handle:
        expected = {keys[r["cluster"]]: (r["status"], r["retain_until"] or None, r["destroy_deadline"] or None)
                    for r in csv.DictReader(handle)}
    moscow = "YYYY-MM-DD\"T\"HH24:MI:SS"
    found = {k: (s, r, d) for k, s, r, d in world_db.query(
        f"select customer_key, status, to_char(retain_until at time zone 'Europe/Moscow', '{moscow}'), "
        f"to_char(destroy_deadline at time zone 'Europe/Moscow', '{moscow}') from marts.pd_retention")}
    assert found == expected
    assert {s for s, _, _ in expected.values()} == {
        "active_basis", "retain_legal_obligation", "destroy_due", "destroy_overdue", "destroyed"}


def test_a_bank_customer_who_revoked_everything_is_told_until_when_the_law_keeps_his_data(demo: BuiltDemo) -> None:
    rows = dict((source_id, rest) for source_id, *rest in demo.query(
        "select m.source_customer_id, r.status, to_char(r.retain_until at time zone 'Europe/Moscow', 'YYYY-MM-DD'), "
        "to_char(r.destroy_deadline at time zone 'Europe/Moscow', 'YYYY-MM-DD'), r.reason "
        "from marts.pd_retention r join marts.customer_source_map m using (customer_key) "
        "where m.source_customer_id in ('B5002', 'C1011', 'D2006', 'C1001')"))
    assert rows["B5002"][:3] == ["retain_legal_obligation", "2031-03-01", None]  # loan ended 1 March 2026, +5 years
    assert "consumer_loan" in rows["B5002"][3]
    assert rows["C1011"][:3] == ["destroy_overdue", None, "2020-11-09"]  # never a contract or consent
    assert rows["D2006"][0] == "destroyed"
    assert rows["C1001"][0] == "active_basis"


def test_every_regulator_request_is_exactly_the_truth(world_dir: Path, world_db: BuiltDemo) -> None:
    keys = {f"{s} / {i}": k for s, i, k in world_db.query(
        "select source_system, source_customer_id, customer_key from marts.customer_source_map")}
    with (world_dir / "truth" / "regulator_requests.csv").open(encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    expected = {r["request_id"]: (r["status"], r["verdict"], r["deadline_at"]) for r in truth}
    moscow = "YYYY-MM-DD\"T\"HH24:MI:SS"
    rows = world_db.query(f"select request_id, status, verdict, to_char(deadline_at at time zone 'Europe/Moscow', "
                          f"'{moscow}'), customer_key from marts.regulator_requests")
    assert {r: (s, v, d) for r, s, v, d, _ in rows} == expected
    owners = {r["request_id"]: {keys[o] for o in r["owners"].split(";") if o} for r in truth}
    for request_id, *_, customer_key in rows:
        assert (customer_key in owners[request_id]) if owners[request_id] else customer_key is None


def test_the_call_on_28_december_at_18_00(demo: BuiltDemo) -> None:
    """The FAS asks on what basis the company called on 28 December at 18:00: it had none."""
    assert demo.query(
        "select r.status, r.verdict, to_char(r.deadline_at at time zone 'Europe/Moscow', 'YYYY-MM-DD'), "
        "l.sent_at at time zone 'Europe/Moscow', l.basis_event_id "
        "from marts.regulator_requests r join marts.communication_lineage l using (communication_id) "
        "where r.request_id = 'RR-0001'"
    ) == [("answered_on_time", "expired", "2026-01-29", __import__("datetime").datetime(2025, 12, 28, 18, 0), None)]
    assert demo.query("select request_id, status, verdict from marts.regulator_requests order by 1") == [
        ("RR-0001", "answered_on_time", "expired"), ("RR-0002", "open", "refused")]


def test_every_propagation_mismatch_is_exactly_the_truth(world_dir: Path, world_db: BuiltDemo) -> None:
    with (world_dir / "truth" / "propagation_checks.csv").open(encoding="utf-8", newline="") as handle:
        expected = {(r["system"], r["snapshot_at"], r["channel"], r["contact_point"], r["mismatch"])
                    for r in csv.DictReader(handle)}
    found = set(world_db.query(
        "select system, to_char(snapshot_at at time zone 'Europe/Moscow', 'YYYY-MM-DD\"T\"HH24:MI:SS'), channel, "
        "contact_point, mismatch from marts.propagation_checks"))
    assert found == expected
    assert {m for *_, m in expected} >= {"listed_not_allowed", "pending"}


def test_the_deaf_crm_and_the_broken_email_feed_both_show(world_db: BuiltDemo, demo: BuiltDemo) -> None:
    summary = {(s, c): (stale, n) for s, c, stale, n in world_db.query(
        "select system, channel, is_stale, n_listed_not_allowed from marts.propagation_summary")}
    assert {system for (system, _), (stale, _) in summary.items() if stale} == {"esp_email"}
    assert summary[("crm_dept2", "call")][1] > 0 and summary[("crm_dept1", "call")][1] == 0
    assert demo.query(
        "select system, channel, contact_point, mismatch, n_customers from marts.propagation_checks "
        "order by 1, 2, 3, snapshot_at"
    ) == [
        # a phone shared with a record that consented to nothing may not be listed
        ("crm_dept1", "sms", "+79031111111", "listed_not_allowed", 2),
        ("crm_dept2", "call", "+79154445566", "listed_not_allowed", 1),  # never heard of Smirnova's letter
        ("crm_dept2", "call", "+79161234567", "listed_not_allowed", 1),  # Ibragim refused calls in 2025
        ("dialer", "call", "+79053332211", "listed_not_allowed", 1),     # consent on an unsigned scan
        ("dialer", "call", "+79292002020", "allowed_not_listed", 1),
        # the e-mail list of 1 May, its last: Kuznetsov's revocation in June never reached it
        ("esp_email", "email", "artem.fedorov@gmail.com", "allowed_not_listed", 1),
        ("esp_email", "email", "daria.nikitina@gmail.com", "allowed_not_listed", 1),
        ("esp_email", "email", "olga.smirnova@yandex.ru", "allowed_not_listed", 1),
        ("esp_email", "email", "yulia.kozlova@mail.ru", "allowed_not_listed", 1),
        ("push_service", "messenger", "+79010101010", "allowed_not_listed", 1),
        ("push_service", "push", "+79010101010", "allowed_not_listed", 1),
        ("sms_gateway", "sms", "+79031111111", "listed_not_allowed", 2),
        ("sms_gateway", "sms", "+79031111111", "listed_not_allowed", 2),
        ("sms_gateway", "sms", "+79998887766", "listed_not_allowed", 1),  # a plain web form
        ("sms_gateway", "sms", "+79998887766", "listed_not_allowed", 1),
    ]


def test_every_injected_violation_is_found_and_nothing_else(world_dir: Path, world_db: BuiltDemo) -> None:
    """Exact precision and recall per violation type against the generator's truth."""
    keys = {f"{s} / {i}": k for s, i, k in world_db.query(
        "select source_system, source_customer_id, customer_key from marts.customer_source_map")}
    with (world_dir / "truth" / "violations.csv").open(encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    expected: dict[str, set[str]] = {}
    for row in truth:
        subject = keys[row["key"]] if row["violation_type"] == "pd_retention_overdue" else row["key"]
        expected.setdefault(row["violation_type"], set()).add(subject)
    found: dict[str, set[str]] = {}
    for violation_type, subject in world_db.query("select violation_type, subject from marts.compliance_violations"):
        found.setdefault(violation_type, set()).add(subject)
    for violation_type in expected.keys() | found.keys():
        assert found.get(violation_type, set()) == expected.get(violation_type, set()), violation_type
    assert len(expected) == 8  # every type appears
    fines = world_db.query("select count(*) from marts.compliance_violations where fine_max_rub < fine_min_rub")
    assert fines == [(0,)]


def test_violation_ids_are_stable_across_builds(demo: BuiltDemo) -> None:
    rows = demo.query("select violation_id, violation_type, subject from marts.compliance_violations")
    assert len({r[0] for r in rows}) == len(rows)
    assert ("stale_feed", "esp_email") in {(t, s) for _, t, s in rows}
    refused = demo.query("select severity, fine_max_rub, law_article from marts.compliance_violations "
                         "where subject = 'M-0001'")
    assert refused == [("critical", 500000, "КоАП РФ ст. 14.3 ч. 1")]


def test_the_evidence_pack_answers_the_regulator_in_russian(demo: BuiltDemo, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "consentmart.cli", "evidence", *args], capture_output=True,
                              text=True, env={**os.environ, "CONSENTMART_DATABASE_URL": demo.url}, timeout=120)

    result = run("RR-0001", "--out", str(tmp_path / "rr.md"))
    assert result.returncode == 0, result.stderr
    document = (tmp_path / "rr.md").read_text(encoding="utf-8")
    assert document.startswith("# Материалы по запросу Федеральной антимонопольной службы (ФАС России) № RR-0001")
    for fragment in ("срок ответа — 29.01.2026 23:59 (мск)", "Сообщение M-0004", "Отправлено: 28.12.2025 18:00 (мск)",
                     "Клиент: Павлов Игорь Викторович, дата рождения 09.05.1966, паспорт 45** ***434",
                     "**Основания не было**: срок действия согласия истёк до отправки."):
        assert fragment in document
    unknown = run("RR-001")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "consentmart: error: unknown regulator request 'RR-001'; closest: RR-0001, RR-0002"


def test_a_covered_message_pack_names_the_signed_original(demo: BuiltDemo) -> None:
    import psycopg

    from consentmart.evidence import render

    with psycopg.connect(demo.url) as conn, conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        request = cur.execute("select * from marts.regulator_requests where request_id = 'RR-0001'").fetchone()
        message = cur.execute(
            "select l.*, c.full_name, c.birth_date, c.passport_masked, i.valid_from as basis_valid_from, "
            "i.valid_to as basis_valid_to, i.recorded_at as basis_recorded_at, i.evidence_reason "
            "from marts.communication_lineage l join marts.customers c using (customer_key) "
            "join marts.consent_intervals i on i.basis_event_id = l.basis_event_id "
            "and i.customer_key = l.customer_key and i.channel = l.channel and i.purpose = 'marketing' "
            "where l.communication_id = 'M-0007'").fetchone()
    document = render(request, [message])
    assert ("запись о согласии E-2003 в системе crm_dept2, получено на бумаге 01.02.2023 12:30 (мск), "
            "действует без срока действия;") in document
    assert "- договор: K-T-2002 (Кабельное телевидение);" in document
    assert "оригинал хранится: tape://LTO-0042/2023/02/ivanov_ip_K-T-2002.tif" in document
