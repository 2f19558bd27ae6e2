"""Builds under increments: the marts built from a first load plus one more day loaded
later equal, row by row, the marts built in one go from everything; a build without
new data changes nothing; as_of moving forward and back, and a replacing load, give
what a full build gives; late-arriving paper consents are part of the day."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from consentmart.generator.catalog import DEFAULT_AS_OF
from consentmart.generator.output import generate

from conftest import Database

CUSTOMERS = 1500
SEED = 23
AS_OF = DEFAULT_AS_OF.isoformat()
NEXT_AS_OF = (DEFAULT_AS_OF + timedelta(days=1)).isoformat()
# weeks later: rows dated after the first as_of (future-dated faults) fall inside it
LATER_AS_OF = (DEFAULT_AS_OF + timedelta(days=45)).isoformat()


def resend_changed(base: Path, day: Path, table: str, rows_from: int, count: int, change: dict[str, str],
                   only: Callable[[dict[str, str]], bool] = lambda row: True) -> None:
    """Append to the day `count` rows of the base table (of those `only` picks), re-sent
    with new content: new versions of keys an earlier batch brought (the latest batch's
    version stands)."""
    with (base / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if only(row)]
    target = day / f"{table}.csv"
    has_header = target.exists() and target.stat().st_size > 0
    with target.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        if not has_header:  # the day brings no rows of its own for this table
            writer.writeheader()
        for row in rows[rows_from:rows_from + count]:
            writer.writerow(row | change)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The base world, and the next day plus: a system re-sending 200 rows of an old list
    (exact re-deliveries across batches collapse into the first copy); new versions of
    customers (one dated after the next day's as_of, admitted weeks later; three
    anonymised weeks later), contracts (some marketing consents' contracts now of another
    product), consent events, documents verified today (and some days after the next
    day's as_of), messages, two products renamed, and customers renamed into near misses
    of another (by name and by passport)."""
    base, day = tmp_path_factory.mktemp("base"), tmp_path_factory.mktemp("day1")
    generate(base, CUSTOMERS, seed=SEED)
    generate(day, CUSTOMERS, seed=SEED, day=1)
    old_lines = (base / "downstream_contact_lists.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    with (day / "downstream_contact_lists.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(old_lines[1:201])
    today = (DEFAULT_AS_OF + timedelta(hours=12)).isoformat()
    resend_changed(base, day, "customers", 10, 30, {"email": "moved@example.ru", "updated_at": today})
    resend_changed(base, day, "customers", 100, 5, {"phone": "+7 900 555-00-00",
                                                    "updated_at": (DEFAULT_AS_OF + timedelta(days=10)).isoformat()})
    # three people whose every record is anonymised weeks after the next day: not yet at
    # its as_of, anonymised (customers.is_anonymized) at the later one
    with (base / "truth" / "source_records.csv").open(encoding="utf-8", newline="") as handle:
        records_of: dict[str, set[tuple[str, str]]] = {}
        for row in csv.DictReader(handle):
            records_of.setdefault(row["person_index"], set()).add((row["source_system"], row["source_customer_id"]))
    anonymised = set().union(*(records_of[person] for person in sorted(records_of)[300:303]))
    resend_changed(base, day, "customers", 0, len(anonymised),
                   {"anonymized_at": (DEFAULT_AS_OF + timedelta(days=20)).isoformat(), "updated_at": today},
                   only=lambda row: (row["source_system"], row["source_customer_id"]) in anonymised)
    resend_changed(base, day, "contracts", 10, 20, {"ended_at": DEFAULT_AS_OF.date().isoformat()})
    resend_changed(base, day, "consent_events", 10, 20, {"wording_version": "corrected"})
    resend_changed(base, day, "consent_documents", 10, 30, {"verified_at": today})
    # verified days after the next day: not yet at its as_of, verified at the later one
    resend_changed(base, day, "consent_documents", 40, 10,
                   {"verified_at": (DEFAULT_AS_OF + timedelta(days=5)).isoformat()})
    resend_changed(base, day, "communications", 10, 20, {"campaign_id": "RESENT"})
    # the contracts marketing consents were collected with now name another product,
    # and two products are renamed: lineage shows both, though no message changed
    with (base / "consent_events.csv").open(encoding="utf-8", newline="") as handle:
        bases = {(row["source_system"], row["contract_id"]) for row in csv.DictReader(handle)
                 if row["purpose"] == "marketing" and row["action"] == "grant" and row["contract_id"]}
    resend_changed(base, day, "contracts", 0, 40, {"product_code": "cctv"},
                   only=lambda row: (row["source_system"], row["contract_id"]) in bases)
    resend_changed(base, day, "products", 0, 2, {"product_name": "Переименован"})
    # a customer now born the day another was, under that one's name plus a letter:
    # a new near-miss pair for review (a one-letter difference never merges)
    with (base / "customers.csv").open(encoding="utf-8", newline="") as handle:
        model = next(row for row in list(csv.DictReader(handle))[200:] if row["passport"])
    resend_changed(base, day, "customers", 700, 1, {"full_name": model["full_name"] + "а",
                                                    "birth_date": model["birth_date"], "updated_at": today})
    # and one now under that name, with that passport but its last digit: a near miss by passport
    near_passport = model["passport"][:-1] + ("2" if model["passport"].endswith("1") else "1")
    resend_changed(base, day, "customers", 900, 1, {"full_name": model["full_name"], "passport": near_passport,
                                                    "updated_at": today})
    return base, day


# The consent models incremental by customer (macros/consent_by_customer.sql).
CONSENT_MODELS = [
    "intermediate.int_consent_events__expanded_to_channels",
    "intermediate.int_consent_facts__with_pd_processing_cascade",
    "intermediate.int_consent_grants__evidence_checked",
    "intermediate.int_consent_intervals__latest_will_wins",
    "intermediate.int_consent_timeline__status_segments",
    "intermediate.int_propagation__allowed_changes",
    "intermediate.int_pd_retention__consent_bases",
    "marts.consent_intervals",
    "marts.consent_status",
]
# Incremental models, compared too: a difference there may not reach a mart (say, a
# duplicate list row that every consumer reads with `distinct`).
INCREMENTAL_MODELS = [
    "staging.stg_downstream__contact_lists",
    "staging.stg_consents__events",
    "staging.stg_consents__documents",
    "staging.stg_crm__customers",
    "staging.stg_crm__contracts",
    "staging.stg_downstream__communications",
    "intermediate.int_consent_inputs__by_customer",
    *(model for model in CONSENT_MODELS if model.startswith("intermediate.")),
    "intermediate.int_communication_inputs__by_message",
    "intermediate.int_communications__verdicts",
    "intermediate.int_identity_inputs__by_customer",
    "intermediate.int_identity__near_miss_names",
    "intermediate.int_identity__near_miss_passports",
    "intermediate.int_identity__contact_points",
    "intermediate.int_propagation__point_periods",
    "intermediate.int_propagation__expected_lists",
]
# A point that lost every period, or a customer no longer in any input, keeps a row
# without one in an incremental build, so that the models after it forget it:
# bookkeeping a full build has no use for.
ROWS_COMPARED = {
    "intermediate.int_propagation__point_periods": "valid_from is not null",
    "intermediate.int_consent_inputs__by_customer": "inputs_fingerprint is not null",
    "intermediate.int_communication_inputs__by_message": "inputs_fingerprint is not null",
    "intermediate.int_identity_inputs__by_customer": "inputs_fingerprint is not null",
}


def marts(db: Database) -> dict[str, list[str]]:
    """Every public mart and incremental model as sorted rows of text (build_info says
    when, not what)."""
    tables = [f"marts.{name}" for (name,) in db.query(
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "and table_name <> 'build_info' order by 1")] + INCREMENTAL_MODELS
    # _as_of, changed_at and built_at say when a row was written, not what it holds
    return {table: [row for (row,) in db.query(
                f"select (to_jsonb(t) - '_as_of' - 'changed_at' - 'built_at')::text from {table} as t "
                f"where {ROWS_COMPARED.get(table, 'true')} order by 1")]
            for table in tables}


# later models select what to redo by these tables' stamps: analysed every build
READ_BY_STAMP = {
    "intermediate.int_consent_inputs__by_customer",
    "intermediate.int_identity_inputs__by_customer",
    "intermediate.int_communication_inputs__by_message",
    "intermediate.int_identity__contact_points",
    "intermediate.int_propagation__listing_scopes",
    "intermediate.int_propagation__point_periods",
}


def analyses(db: Database) -> dict[str, int]:
    """How many times each incremental model's table was analysed by a command
    (autovacuum's own analyses are counted apart). Table models turn autovacuum off."""
    return dict(db.query(
        "select stats.schemaname || '.' || stats.relname, stats.analyze_count "
        "from pg_stat_user_tables as stats inner join pg_class as tables on stats.relid = tables.oid "
        "where stats.schemaname in ('staging', 'intermediate', 'marts') "
        "and not coalesce('autovacuum_enabled=false' = any(tables.reloptions), false)"))


def analysed_again(db: Database, before: dict[str, int]) -> set[str]:
    """The tables analysed since `before` (analyses())."""
    return {table for table, count in analyses(db).items() if count > before.get(table, 0)}


def test_the_day_brings_late_paper_consents(world: tuple[Path, Path]) -> None:
    _, day = world
    with (day / "consent_events.csv").open(encoding="utf-8") as handle:
        late = [row for row in csv.DictReader(handle) if row["collection_method"] == "paper"
                and datetime.fromisoformat(row["recorded_at"]) - datetime.fromisoformat(row["event_at"])
                >= timedelta(days=20)]
    assert late, "the increment must carry consents recorded weeks after they were signed"


def test_incremental_build_equals_the_full_build(world: tuple[Path, Path], fresh_db: Database,
                                                 server_url: str, tmp_path: Path) -> None:
    from conftest import _create_database, _drop_database

    base, day = world
    # in one go: everything loaded, one full build as of the next day, and one as of weeks later
    fresh_db.load(base)
    fresh_db.load(day, append=True)
    fresh_db.build(tmp_path / "full", as_of=NEXT_AS_OF, full_refresh=True)
    expected = marts(fresh_db)
    fresh_db.build(tmp_path / "full", as_of=LATER_AS_OF, full_refresh=True)
    expected_later = marts(fresh_db)

    stepwise = Database(_create_database(server_url))
    try:
        stepwise.load(base)
        stepwise.build(tmp_path / "steps", as_of=AS_OF)
        before = marts(stepwise)
        stepwise.load(day, append=True)
        stepwise.build(tmp_path / "steps", as_of=NEXT_AS_OF)
        after = marts(stepwise)
        assert before != after  # the day changed something
        assert after.keys() == expected.keys()
        for table in expected:
            assert after[table] == expected[table], table
        # no new data: the same marts again, and no table analysed again but those
        # read by stamp
        analysed = analyses(stepwise)
        assert "staging.stg_consents__events" in analysed and "marts.consent_status" in analysed
        stepwise.build(tmp_path / "steps", as_of=NEXT_AS_OF)
        assert marts(stepwise) == expected
        assert analysed_again(stepwise, analysed) == READ_BY_STAMP
        # as_of moves past rows dated in the future, then back before them
        stepwise.build(tmp_path / "steps", as_of=LATER_AS_OF)
        later = marts(stepwise)
        for table in expected_later:
            assert later[table] == expected_later[table], table
        stepwise.build(tmp_path / "steps", as_of=NEXT_AS_OF)
        assert marts(stepwise) == expected
        # a replacing load (without --append): stored rows of the old load are forgotten,
        # and staging, every row of it written anew, is analysed anew
        analysed = analyses(stepwise)
        stepwise.load(base)
        stepwise.build(tmp_path / "steps", as_of=AS_OF)
        reloaded = marts(stepwise)
        staging = {table for table in analysed if table.startswith("staging.")}
        assert len(staging) == 6
        assert analysed_again(stepwise, analysed) >= staging
        stepwise.build(tmp_path / "steps", as_of=AS_OF, full_refresh=True)
        assert reloaded == marts(stepwise)
    finally:
        _drop_database(server_url, stepwise.url)


def rewritten(db: Database, table: str, key: str = "customer_key") -> set[str]:
    """The keys whose rows the newest build that wrote any rewrote."""
    return {value for (value,) in db.query(
        f"select distinct {key} from {table} where built_at = (select max(built_at) from {table})")}


def newest_changes(db: Database, inputs: str, key: str) -> set[str]:
    """The keys whose inputs the newest build saw change (tombstones included)."""
    return {value for (value,) in db.query(
        f"select {key} from {inputs} where changed_at = (select max(changed_at) from {inputs})")}


def test_a_build_recomputes_only_the_customers_and_messages_whose_inputs_changed(
        world: tuple[Path, Path], fresh_db: Database, tmp_path: Path) -> None:
    base, day = world
    fresh_db.load(base)
    fresh_db.build(tmp_path, as_of=AS_OF)
    points_table = "intermediate.int_identity__contact_points"
    points_before = fresh_db.query(f"select channel, contact_point, customer_key from {points_table}")
    fresh_db.load(day, append=True)
    fresh_db.build(tmp_path, as_of=NEXT_AS_OF)
    inputs = "intermediate.int_consent_inputs__by_customer"
    changed = newest_changes(fresh_db, inputs, "customer_key")
    [(customers,)] = fresh_db.query(f"select count(*) from {inputs}")
    assert 0 < len(changed) < customers / 4
    for table in CONSENT_MODELS:
        customers_rewritten = rewritten(fresh_db, table)
        assert customers_rewritten and customers_rewritten <= changed, table

    # messages: the verdicts of exactly the new or changed ones (a gone one has no row)
    message_inputs = "intermediate.int_communication_inputs__by_message"
    changed_messages = newest_changes(fresh_db, message_inputs, "communication_id")
    [(messages,)] = fresh_db.query(f"select count(*) from {message_inputs}")
    assert 0 < len(changed_messages) < messages / 4
    verdicts = rewritten(fresh_db, "intermediate.int_communications__verdicts", "communication_id")
    assert verdicts and verdicts <= changed_messages
    # the lineage of those too, and of the messages whose basis contract's product changed
    lineage = rewritten(fresh_db, "marts.communication_lineage", "communication_id")
    assert lineage >= verdicts
    moved_products = {row for (row,) in fresh_db.query(
        "select communication_id from marts.communication_lineage "
        "where product_code = 'cctv' or product_name = 'Переименован'")}
    assert lineage - changed_messages and lineage - changed_messages <= moved_products

    # identity: the near-miss pairs of the customers whose records changed (the day brings one)
    identity_changed = newest_changes(fresh_db, "intermediate.int_identity_inputs__by_customer", "customer_key")
    [(identities,)] = fresh_db.query("select count(*) from intermediate.int_identity_inputs__by_customer")
    assert 0 < len(identity_changed) < identities / 4
    for pair_table in ("intermediate.int_identity__near_miss_names", "intermediate.int_identity__near_miss_passports"):
        pairs = fresh_db.query(f"select customer_key_a, customer_key_b from {pair_table} "
                               f"where built_at = (select max(built_at) from {pair_table})")
        assert pairs and all(a in identity_changed or b in identity_changed for a, b in pairs), pair_table
    for table in ("marts.customer_search_terms", "marts.customers"):
        customers_rewritten = rewritten(fresh_db, table)
        assert customers_rewritten and customers_rewritten <= identity_changed, table
    # the audience: those customers, and everyone sharing a point with one whose consent changed
    sharers = {customer for (customer,) in fresh_db.query(
        f"select sharers.customer_key from {points_table} as changed "
        f"join {points_table} as sharers using (channel, contact_point) "
        f"where changed.n_customers > 1 and changed.customer_key = any(%s)", (list(changed),))}
    audience = rewritten(fresh_db, "marts.contactable_audience")
    assert audience and audience <= changed | identity_changed | sharers
    # contact points: every row on a point a changed customer carried or carries, and no other
    points_after = fresh_db.query(f"select channel, contact_point, customer_key, built_at = max(built_at) over () "
                                  f"from {points_table}")
    touched = {(channel, point) for channel, point, customer, *_ in points_before + points_after
               if customer in identity_changed}
    assert touched and all(is_new == ((channel, point) in touched) for channel, point, _, is_new in points_after)

    # the same build again: nothing changed, nothing is rewritten
    tables = [*CONSENT_MODELS, "intermediate.int_communications__verdicts", "marts.communication_lineage",
              "intermediate.int_identity__near_miss_names", "intermediate.int_identity__near_miss_passports",
              "marts.customer_search_terms", "marts.customers", "intermediate.int_identity__contact_points",
              "marts.contactable_audience"]

    def stamps() -> list[list[tuple]]:
        return [fresh_db.query(f"select max(changed_at) from {inputs}"),
                fresh_db.query(f"select max(changed_at) from {message_inputs}"),
                fresh_db.query("select max(changed_at) from intermediate.int_identity_inputs__by_customer"),
                fresh_db.query("select max(changed_at) from intermediate.int_propagation__point_periods"),
                fresh_db.query("select max(changed_at) from intermediate.int_propagation__listing_scopes")] + [
            fresh_db.query(f"select max(built_at) from {table}") for table in tables]

    before = stamps()
    fresh_db.build(tmp_path, as_of=NEXT_AS_OF)
    assert stamps() == before


def test_a_new_listing_scope_rescopes_every_point(world: tuple[Path, Path], fresh_db: Database,
                                                  tmp_path: Path) -> None:
    """Two lists decide every point's listing scope at once. A downstream system that
    becomes a source system (the dialer now keeps a customer record) is expected to
    list only its own customers' points; a system listing a channel nobody listed
    (post) gives every point on it periods. After either, an incremental build
    fingerprints every point again and equals a full build."""
    base, _ = world
    fresh_db.load(base)
    fresh_db.build(tmp_path / "steps", as_of=AS_OF)
    periods = "intermediate.int_propagation__point_periods"
    scope = "intermediate.int_propagation__listing_scopes"
    assert fresh_db.query(f"select source_systems, served_channels from {scope}") == [
        ("billing,branch_paper,crm_dept1,crm_dept2,web", "call,email,messenger,push,sms")]
    changes = [  # a table's first row re-sent with a change, and the scope after it
        ("customers", {"source_system": "dialer", "source_customer_id": "DIALER-1"},
         ("billing,branch_paper,crm_dept1,crm_dept2,dialer,web", "call,email,messenger,push,sms")),
        ("downstream_systems", {"system": "print_house", "channels": "post"},
         ("billing,branch_paper,crm_dept1,crm_dept2,dialer,web", "call,email,messenger,post,push,sms")),
    ]
    for step, (table, change, expected_scope) in enumerate(changes):
        increment = tmp_path / f"increment{step}"
        increment.mkdir()
        resend_changed(base, increment, table, 0, 1, change)
        fresh_db.load(increment, append=True)
        fresh_db.build(tmp_path / "steps", as_of=AS_OF)
        scopes = fresh_db.query(f"select source_systems, served_channels, changed_at from {scope} order by changed_at")
        assert len(scopes) == step + 2 and scopes[-1][:2] == expected_scope
        # every point with a period rewritten by this build (the one that saw the scope change)
        stamps = fresh_db.query(f"select changed_at = %s, count(*) from {periods} "
                                f"where valid_from is not null group by 1", (scopes[-1][2],))
        assert [(True, count) for _, count in stamps] == stamps and stamps
    [(post_periods,)] = fresh_db.query(f"select count(*) from {periods} where channel = 'post'")
    assert post_periods > 0
    stepwise = marts(fresh_db)
    fresh_db.build(tmp_path / "full", as_of=AS_OF, full_refresh=True)
    expected = marts(fresh_db)
    for table in expected:
        assert stepwise[table] == expected[table], table


def test_admitting_pending_evidence_rejudges_every_customer(world: tuple[Path, Path], fresh_db: Database,
                                                            tmp_path: Path) -> None:
    """The audience policy (dbt var audience_evidence) is one of every customer's consent
    inputs: an incremental build that admits pending evidence equals a full one, in the
    audience and in what downstream systems should list."""
    base, _ = world
    fresh_db.load(base)
    fresh_db.build(tmp_path / "steps", as_of=AS_OF)
    ok_only = marts(fresh_db)
    fresh_db.build(tmp_path / "steps", as_of=AS_OF, admit_pending=True)
    stepwise = marts(fresh_db)
    [(pending,)] = fresh_db.query(
        "select count(*) from marts.contactable_audience as audience join marts.consent_status as status "
        "on status.customer_key = audience.customer_key and status.channel = audience.channel "
        "and status.purpose = 'marketing' where status.evidence_status = 'pending'")
    assert pending > 0 and stepwise["marts.contactable_audience"] != ok_only["marts.contactable_audience"]
    assert stepwise["intermediate.int_propagation__point_periods"] != ok_only[
        "intermediate.int_propagation__point_periods"]
    fresh_db.build(tmp_path / "full", as_of=AS_OF, full_refresh=True, admit_pending=True)
    expected = marts(fresh_db)
    for table in expected:
        assert stepwise[table] == expected[table], table
