"""The demo data set through `dbt build`: typing, normalisation and every breach kind."""

from __future__ import annotations

import json

from conftest import BuiltDemo

# Every row of the demo data set that breaks the raw contract, and why.
EXPECTED_ISSUES = {
    ("communications", "M-0900", "unparseable sent_at", "rejected"),
    ("communications", "M-0901", "missing contact_point", "rejected"),
    ("communications", "M-0902", "after as_of", "rejected"),
    ("communications", "M-0903", "unknown kind", "rejected"),
    ("consent_documents", "DOC-9001", "unknown kind", "rejected"),
    ("consent_documents", "DOC-9002", "unparseable is_signed", "rejected"),
    ("consent_documents", "DOC-9003", "after as_of", "rejected"),
    ("consent_documents", "DOC-9004", "unparseable sha256", "rejected"),
    ("consent_events", "crm_dept1 / E-1900", "unknown channel", "rejected"),
    ("consent_events", "crm_dept1 / E-1901", "unknown purpose", "rejected"),
    ("consent_events", "crm_dept1 / E-1902", "valid_until before event_at", "rejected"),
    ("consent_events", "crm_dept1 / E-1903", "missing event_at", "rejected"),
    ("consent_events", "crm_dept1 / E-1904", "unknown source_customer_id", "rejected"),
    ("consent_events", "crm_dept1 / E-1905", "unknown source_customer_id", "rejected"),
    ("consent_events", "crm_dept1 / E-1906", "unparseable event_at", "rejected"),
    ("consent_events", "crm_dept1 / E-1907", "unknown action", "rejected"),
    ("consent_events", "crm_dept2 / E-2099", "duplicate key with different content", "rejected"),
    ("consent_events", "web / E-3900", "after as_of", "rejected"),
    ("contracts", "crm_dept1 / K-M-1099", "unknown source_customer_id", "rejected"),
    ("contracts", "crm_dept1 / K-M-9999", "unknown source_customer_id", "rejected"),
    ("contracts", "crm_dept2 / K-I-2098", "unparseable signed_at", "rejected"),
    ("contracts", "web / K-V-3098", "after as_of", "rejected"),
    ("customers", "crm_dept1 / C1016", "unparseable birth_date", "value_ignored"),
    ("customers", "crm_dept1 / C1099", "unparseable updated_at", "rejected"),
    ("customers", "crm_dept1 / ∅", "missing key", "rejected"),
    ("customers", "crm_dept2 / D2010", "passport is not 10 digits", "value_ignored"),
    ("customers", "crm_dept2 / D2099", "duplicate key with different content", "rejected"),
    ("customers", "web / W3099", "after as_of", "rejected"),
    ("downstream_contact_lists", "dialer / 2026-11-20T03:00:00 / call / n/a", "unparseable contact_point", "rejected"),
    ("downstream_contact_lists", "push_service / 2026-11-16T00:00:00 / any / +79010101010", "unknown channel", "rejected"),
    ("downstream_contact_lists", "sms_gateway / 2026-11-21T02:00:00 / sms / +79031111111", "after as_of", "rejected"),
    ("downstream_systems", "pager_hub", "unknown channel", "rejected"),
    ("products", "debit_card", "unparseable pd_retention_years", "rejected"),
    ("regulator_requests", "RR-0099", "unknown regulator", "rejected"),
    ("revocation_requests", "R-0005", "passport is not 10 digits", "value_ignored"),
    ("revocation_requests", "R-0098", "unknown scope", "rejected"),
    ("revocation_requests", "R-0099", "after as_of", "rejected"),
}


def test_every_contract_breach_is_reported_once_per_raw_row(demo: BuiltDemo) -> None:
    rows = demo.query("select source_table, source_key, reason, disposition, raw_row_id from marts.data_quality_issues")
    assert {row[:4] for row in rows} == EXPECTED_ISSUES
    # the two versions of each conflicting key are both reported, each once
    assert len(rows) == len(EXPECTED_ISSUES) + 2
    assert len({(table, raw_row) for table, _, _, _, raw_row in rows}) == len(rows)


def test_details_name_the_offending_values(demo: BuiltDemo) -> None:
    details = dict(demo.query("select source_key, details from marts.data_quality_issues where source_table = 'customers'"))
    assert details["crm_dept2 / D2010"] == (
        "passport is not 10 digits: '4520 08080'; unparseable phone: 'телефон не указан'; "
        "unparseable email: 'oleg.gusev(at)mail.ru'"
    )
    assert details["crm_dept1 / C1099"] == "unparseable updated_at: '31.12.2025'"
    refs = dict(demo.query(
        "select source_key, details from marts.data_quality_issues where reason = 'unknown source_customer_id'"
    ))
    assert refs["crm_dept1 / E-1905"] == "customer record 'C1099' in crm_dept1 was rejected: unparseable updated_at"
    assert refs["crm_dept1 / K-M-9999"] == "no customer record 'C9999' in crm_dept1"


def test_nothing_rejected_reaches_the_intermediate_layer(demo: BuiltDemo) -> None:
    events = {e for (e,) in demo.query("select event_id from intermediate.int_consent_events__of_known_customers")}
    assert not events & {"E-1900", "E-1901", "E-1902", "E-1903", "E-1904", "E-1905", "E-1906", "E-1907", "E-2099", "E-3900"}
    # every clean event of a known customer flows on: 55 raw rows, one re-delivery, 11 rejected
    assert len(events) == 55 - 1 - 11
    contracts = demo.query("select count(*) from intermediate.int_contracts__of_known_customers")
    assert contracts == [(36 - 4,)]


def test_exact_redeliveries_collapse_silently(demo: BuiltDemo) -> None:
    assert demo.query("select count(*) from staging.stg_crm__customers where source_customer_id = 'C1015'") == [(1,)]
    assert demo.query("select count(*) from staging.stg_consents__events where event_id = 'E-1100'") == [(1,)]
    assert demo.query("select count(*) from staging.stg_downstream__communications where communication_id = 'M-0007'") == [(1,)]
    assert demo.query(
        "select count(*) from staging.stg_downstream__contact_lists "
        "where system = 'sms_gateway' and contact_point = '+79998887766' "
        "and snapshot_at = '2026-11-20T02:00:00+03:00'"
    ) == [(1,)]


def test_one_person_in_four_systems_normalises_to_the_same_keys(demo: BuiltDemo) -> None:
    rows = demo.query(
        "select source_system, full_name_normalised, birth_date::text, passport, phone, email "
        "from staging.stg_crm__customers where source_customer_id in ('C1001', 'D2001', 'W3001', 'B5001') "
        "order by source_system"
    )
    assert rows == [
        ("billing", "иванов ибрагим петрович", "1975-03-14", "4510123456", "+79161234567", "ibragim@ya.ru"),
        ("crm_dept1", "иванов ибрагим петрович", "1975-03-14", "4510123456", "+79161234567", None),
        ("crm_dept2", "иванов ибрагим петрович", "1975-03-14", "4510123456", "+79161234567", None),
        ("web", "иванов ибрагим петрович", "1975-03-14", None, "+79161234567", "ibragim@ya.ru"),
    ]


def test_codes_are_canonical_after_aliases(demo: BuiltDemo) -> None:
    assert demo.query(
        "select event_id, purpose, channel, action from staging.stg_consents__events "
        "where event_id in ('E-2001', 'E-2002', 'E-2003', 'E-3001', 'E-1050') order by event_id"
    ) == [
        ("E-1050", "marketing", "email", "deny"),
        ("E-2001", "marketing", "sms", "grant"),
        ("E-2002", "marketing", "call", "grant"),
        ("E-2003", "marketing", "email", "grant"),
        ("E-3001", "marketing", "sms", "deny"),
    ]
    assert demo.query("select regulator from staging.stg_requests__regulator_requests where request_id = 'RR-0002'") == [("RKN",)]


def test_marts_live_in_fixed_schemas(demo: BuiltDemo) -> None:
    tables = set(demo.query(
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw', 'reference', 'staging', 'intermediate', 'marts')"
    ))
    assert {("marts", "data_quality_issues"), ("marts", "customers"), ("marts", "consent_status"),
            ("staging", "stg_crm__customers"), ("intermediate", "int_calendar__business_days"),
            ("reference", "production_calendar"), ("raw", "customers")} <= tables
    # nothing lands in the target's default schema
    assert demo.query("select count(*) from information_schema.tables where table_schema = 'public'") == [(0,)]


def test_dbt_build_ran_every_unit_and_data_test(demo: BuiltDemo) -> None:
    results = json.loads((demo.target_path / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"]: r["status"] for r in results}
    assert all(status in ("success", "pass", "no-op") for status in statuses.values()), {
        k: v for k, v in statuses.items() if v not in ("success", "pass", "no-op")
    }
    unit_tests = {uid.rsplit(".", 1)[-1] for uid in statuses if uid.startswith("unit_test.")}
    assert {
        "test_customer_identity_attributes_are_normalised",
        "test_unparseable_identity_values_are_ignored_not_the_record",
        "test_customer_contract_breaches_are_routed",
        "test_versions_duplicates_and_conflicts",
        "test_consent_codes_map_through_aliases",
        "test_consent_timestamps_and_time_breaches",
        "test_document_flags_and_checksums_are_typed",
        "test_revocation_request_scope_and_identity",
        "test_system_channel_lists_are_parsed",
        "test_contact_points_are_normalised_by_kind",
        "test_rows_of_unknown_or_rejected_customers_are_reported",
        "test_identity_merges_on_passport_or_name_and_birth_date_only",
        "test_namesakes_with_two_passports_never_merge",
        "test_names_one_edit_apart_on_one_birth_date_are_reviewed",
        "test_passports_one_digit_apart_with_one_name_are_reviewed",
        "test_requests_match_only_one_customer_for_sure",
        "test_rule_2_any_channel_means_every_channel",
        "test_rule_4_matched_requests_revoke_by_scope",
        "test_rule_5_withdrawing_pd_processing_ends_the_other_purposes",
        "test_rules_1_and_3_intervals_end_by_term_or_latest_will",
        "test_rules_6_and_7_status_and_basis_over_time",
        "test_rule_6_open_ended_grant_is_the_basis_and_rule_7_expired",
        "test_every_evidence_status_with_its_reason",
        "test_audience_allowed_customers_through_safe_points",
        "test_consent_status_is_the_segment_in_force_at_as_of",
    } <= unit_tests
    singular = {uid.rsplit(".", 1)[-1] for uid in statuses if uid.startswith("test.") and ".assert_" in uid}
    assert {"assert_calendar_matches_official_working_day_counts", "assert_calendar_has_no_gaps",
            "assert_point_in_time_answer_matches_consent_status"} <= singular


def test_calendar_in_the_database_matches_official_counts(demo: BuiltDemo) -> None:
    rows = demo.query(
        "select extract(year from c.calendar_date)::int, count(*) filter (where c.is_business_day), o.working_days "
        "from reference.production_calendar c join reference.official_working_day_counts o "
        "on o.year = extract(year from c.calendar_date) group by 1, 3 order by 1"
    )
    assert [year for year, _, _ in rows] == list(range(2015, 2028))
    assert all(counted == official for _, counted, official in rows)
    assert dict((y, c) for y, c, _ in rows)[2024] == 248
    assert dict((y, c) for y, c, _ in rows)[2025] == 247
