"""Everything the dashboard reads: one connection resource and every query, cached per
build (the cache key is the build's dbt invocation_id from marts.build_info). Queries
read marts only; business rules live in the dbt models, not here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import streamlit as st

from consentmart import database, evidence, settings
from consentmart.errors import ConsentMartError

# How many rows a page table shows; downloads carry everything.
TABLE_LIMIT = 5000


class NotReady(ConsentMartError):
    """The marts cannot be read: what is wrong and what to run."""


@dataclass(frozen=True)
class Build:
    invocation_id: str
    as_of: datetime
    built_at: datetime


def _url() -> str:
    try:
        return database.resolve_url()
    except ConsentMartError as exc:
        raise NotReady(f"{exc}. Start the database with `consentmart db start` "
                       f"or set {settings.DATABASE_URL_ENV}.") from exc


def connection() -> psycopg.Connection:
    """The read-only connection to the configured database (see settings)."""
    return _connection(_url())


@st.cache_resource(show_spinner=False, validate=lambda conn: not conn.closed and not conn.broken)
def _connection(url: str) -> psycopg.Connection:
    """One connection per database for every session (psycopg serialises its use)."""
    try:
        conn = database.connect(url)
    except ConsentMartError as exc:
        raise NotReady(f"{exc}. Start the database with `consentmart db start` "
                       f"or set {settings.DATABASE_URL_ENV}.") from exc
    conn.autocommit = True
    conn.execute("set session characteristics as transaction read only")
    # every moment the DPO reads is Moscow time, as in the raw contract
    conn.execute("set timezone = 'Europe/Moscow'")
    return conn


def _execute(sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    try:
        with connection().cursor() as cur:
            cur.execute(sql, params or {})
            columns = [column.name for column in cur.description]
            return pd.DataFrame(cur.fetchall(), columns=columns)
    except psycopg.errors.UndefinedTable as exc:
        raise NotReady("the marts are not built yet: run `consentmart build`") from exc
    except psycopg.OperationalError as exc:
        _connection.clear()
        raise NotReady(f"the database stopped answering ({str(exc).strip().splitlines()[0]}): "
                       "start it with `consentmart db start`") from exc


def current_build() -> Build:
    """The build the marts of the configured database come from."""
    return _build_of(_url())


@st.cache_data(ttl=5, show_spinner=False)
def _build_of(url: str) -> Build:
    """Re-read every few seconds, so a new build is noticed; `url` keys the cache per database."""
    rows = _execute("select invocation_id, as_of, built_at from marts.build_info")
    if rows.empty:
        raise NotReady("marts.build_info is empty: run `consentmart build`")
    row = rows.iloc[0]
    return Build(row["invocation_id"], row["as_of"].to_pydatetime(), row["built_at"].to_pydatetime())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(build_id: str, sql: str, params: tuple[tuple[str, Any], ...]) -> pd.DataFrame:
    # lists were frozen to tuples for the cache key; psycopg sends lists as arrays
    return _execute(sql, {key: list(value) if isinstance(value, tuple) else value for key, value in params})


def frame(sql: str, **params: Any) -> pd.DataFrame:
    """A query's rows, cached until the next build."""
    frozen = tuple(sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in params.items()))
    return _cached(current_build().invocation_id, sql, frozen)


def scalar(sql: str, **params: Any) -> Any:
    rows = frame(sql, **params)
    return None if rows.empty else rows.iloc[0, 0]


def _listed(values: list[str] | tuple[str, ...]) -> list[str] | None:
    """Filter values for `= any(...)`; None (no filter) when nothing is chosen."""
    return list(values) if values else None


# --- overview -------------------------------------------------------------------

def violations_by_type() -> pd.DataFrame:
    return frame("""
        select violation_type, severity, count(*) as n,
               sum(fine_min_rub)::bigint as fine_min_rub, sum(fine_max_rub)::bigint as fine_max_rub
        from marts.compliance_violations group by violation_type, severity order by violation_type, severity""")


def violations_by_month() -> pd.DataFrame:
    return frame("""
        select date_trunc('month', occurred_at)::date as month, severity, count(*) as n
        from marts.compliance_violations where occurred_at is not null
        group by 1, 2 order by 1, 2""")


def contactable_share() -> pd.DataFrame:
    """Per channel: customers who may receive advertising now, of all known customers."""
    return frame("""
        with reach as (
            -- distinct pairs first: a hash, where count(distinct) sorts 0.8 M rows (1.4 -> 0.5 s)
            select channel, count(*) as n_customers
            from (select distinct channel, customer_key from marts.contactable_audience) as pairs group by channel
        ), everyone as (select count(*) as n from marts.customers where not is_anonymized)
        select reach.channel, reach.n_customers, everyone.n as n_all,
               round(100.0 * reach.n_customers / nullif(everyone.n, 0), 1) as share_pct
        from reach cross join everyone order by reach.channel""")


def revocation_counts() -> pd.DataFrame:
    """Requests not complete yet (unmatched ones too: their clock runs) whose deadline
    falls within a week of as_of, and those already past it."""
    return frame("""
        select
            count(*) filter (where sla.deadline_at >= b.as_of and sla.deadline_at < b.as_of + interval '7 days')
                as due_week,
            count(*) filter (where sla.deadline_at < b.as_of) as overdue
        from marts.revocation_sla as sla cross join marts.build_info as b
        where sla.completed_at is null""")


def stale_systems() -> pd.DataFrame:
    return frame("""
        select system, max(last_snapshot_at) as last_snapshot_at
        from marts.propagation_summary where is_stale group by system order by system""")


def data_quality_total() -> int:
    return int(scalar("select count(*) from marts.data_quality_issues"))


# --- violations -----------------------------------------------------------------

def violation_facets() -> dict[str, list[str]]:
    rows = frame("""
        select 'violation_type' as facet, violation_type as value from marts.compliance_violations
        union select 'severity', severity from marts.compliance_violations
        union select 'system', system from marts.compliance_violations where system is not null
        union select 'channel', channel from marts.compliance_violations where channel is not null
        order by 1, 2""")
    return {facet: list(group["value"]) for facet, group in rows.groupby("facet")}


def violation_period() -> tuple[date, date] | None:
    rows = frame("select min(occurred_at)::date as first, max(occurred_at)::date as last "
                 "from marts.compliance_violations")
    first, last = rows.iloc[0]["first"], rows.iloc[0]["last"]
    return None if pd.isna(first) else (first, last)


_VIOLATION_FILTER = """
    from marts.compliance_violations as v
    left join marts.customers as c on v.customer_key = c.customer_key
    where (%(types)s::text[] is null or v.violation_type = any(%(types)s))
      and (%(severities)s::text[] is null or v.severity = any(%(severities)s))
      and (%(systems)s::text[] is null or v.system = any(%(systems)s))
      and (%(channels)s::text[] is null or v.channel = any(%(channels)s))
      and (%(since)s::date is null or v.occurred_at >= %(since)s::date)
      and (%(until)s::date is null or v.occurred_at < %(until)s::date + 1)"""


@dataclass(frozen=True)
class ViolationFilter:
    types: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def params(self) -> dict[str, Any]:
        return {"types": _listed(self.types), "severities": _listed(self.severities),
                "systems": _listed(self.systems), "channels": _listed(self.channels),
                "since": self.since, "until": self.until}


def violations_summary(chosen: ViolationFilter) -> pd.Series:
    return frame("select count(*) as n, coalesce(sum(v.fine_min_rub), 0)::bigint as fine_min_rub, "
                 "coalesce(sum(v.fine_max_rub), 0)::bigint as fine_max_rub" + _VIOLATION_FILTER,
                 **chosen.params()).iloc[0]


_VIOLATION_ROWS = (
    "select v.violation_id, v.violation_type, v.severity, v.occurred_at, v.system, v.channel, "
    "c.full_name, v.customer_key, v.subject, v.details, v.fine_min_rub, v.fine_max_rub, v.law_article"
    + _VIOLATION_FILTER
    + " order by v.occurred_at desc nulls last, v.violation_id")


def violations(chosen: ViolationFilter) -> pd.DataFrame:
    """The newest TABLE_LIMIT violations under the filter."""
    return frame(_VIOLATION_ROWS + " limit %(limit)s", **chosen.params(), limit=TABLE_LIMIT)


def violations_csv(chosen: ViolationFilter) -> bytes:
    """Every violation under the filter, read when the download is asked for (not cached)."""
    return _execute(_VIOLATION_ROWS, chosen.params()).to_csv(index=False).encode()


def violation(violation_id: str) -> pd.Series | None:
    rows = frame("select * from marts.compliance_violations where violation_id = %(id)s", id=violation_id)
    return None if rows.empty else rows.iloc[0]


def communication(communication_id: str) -> pd.Series | None:
    rows = frame("select * from marts.communication_lineage where communication_id = %(id)s", id=communication_id)
    return None if rows.empty else rows.iloc[0]


# --- customer -------------------------------------------------------------------

def search_customers(kind_terms: dict[str, str], limit: int = 20) -> pd.DataFrame:
    """Customers whose terms resemble the query (trigram word similarity, best first);
    `kind_terms` maps each term kind searched to the query as normalised for it."""
    if not kind_terms:
        return pd.DataFrame(columns=["customer_key", "full_name", "birth_date", "passport_masked",
                                     "term_kind", "term", "score"])
    kinds, terms = zip(*sorted(kind_terms.items()), strict=True)
    return frame("""
        with query as (
            select kind, term from unnest(%(kinds)s::text[], %(terms)s::text[]) as q (kind, term)
        ), hits as (
            select distinct on (t.customer_key)
                t.customer_key, t.term_kind, t.term, word_similarity(query.term, t.term) as score
            from query
            inner join marts.customer_search_terms as t
                on t.term_kind = query.kind and query.term <%% t.term
            order by t.customer_key, score desc
        )
        select hits.customer_key, c.full_name, c.birth_date, c.passport_masked, hits.term_kind, hits.term,
               round(hits.score::numeric, 2) as score
        from hits inner join marts.customers as c on hits.customer_key = c.customer_key
        order by hits.score desc, c.full_name, c.birth_date, hits.customer_key
        limit %(limit)s""", kinds=list(kinds), terms=list(terms), limit=limit)


def customer(customer_key: str) -> pd.Series | None:
    rows = frame("select * from marts.customers where customer_key = %(key)s", key=customer_key)
    return None if rows.empty else rows.iloc[0]


def customer_sources(customer_key: str) -> pd.DataFrame:
    return frame("select source_system, source_customer_id, is_ambiguous from marts.customer_source_map "
                 "where customer_key = %(key)s order by 1, 2", key=customer_key)


def customer_statuses(customer_key: str) -> pd.DataFrame:
    return frame("""
        select contract_id, purpose, channel, status, active_since, expires_at, status_since,
               basis_source_system, basis_event_id, evidence_status, evidence_reason, is_perpetual
        from marts.consent_status where customer_key = %(key)s
        order by contract_id nulls last, purpose, channel""", key=customer_key)


def customer_intervals(customer_key: str) -> pd.DataFrame:
    return frame("""
        select purpose, channel, valid_from, valid_to, end_reason, basis_event_id, contract_id,
               evidence_status, is_perpetual
        from marts.consent_intervals where customer_key = %(key)s order by purpose, channel, valid_from""",
                 key=customer_key)


def customer_refusals(customer_key: str) -> pd.DataFrame:
    """Denials and revocations in force now that ended no interval (a refusal with no grant before it)."""
    return frame("""
        select purpose, channel, status, status_since from marts.consent_status
        where customer_key = %(key)s and status in ('denied', 'revoked') and active_since is null""",
                 key=customer_key)


def customer_communications(customer_key: str) -> pd.DataFrame:
    return frame("""
        select communication_id, sent_at, channel, kind, system, contact_point, campaign_id, verdict,
               basis_event_id, document_id, recorded_after_send
        from marts.communication_lineage where customer_key = %(key)s order by sent_at desc""", key=customer_key)


def customer_retention(customer_key: str) -> pd.Series | None:
    rows = frame("select * from marts.pd_retention where customer_key = %(key)s", key=customer_key)
    return None if rows.empty else rows.iloc[0]


# --- revocations ----------------------------------------------------------------

def revocation_queue() -> pd.DataFrame:
    """Requests not complete yet, the nearest deadline first (the first TABLE_LIMIT)."""
    return frame("""
        select sla.request_id, sla.status, sla.business_days_left, sla.deadline_at, sla.received_at, sla.scope,
               sla.channel, c.full_name, sla.customer_key, sla.n_systems, sla.n_systems_cleared, sla.response_sent_at
        from marts.revocation_sla as sla left join marts.customers as c on sla.customer_key = c.customer_key
        where sla.completed_at is null
        order by sla.deadline_at, sla.request_id
        limit %(limit)s""", limit=TABLE_LIMIT)


def revocations_open() -> int:
    return int(scalar("select count(*) from marts.revocation_sla where completed_at is null"))


def revocation_statuses() -> pd.DataFrame:
    return frame("select status, count(*) as n from marts.revocation_sla group by status order by status")


def revocation_systems(request_ids: list[str]) -> pd.DataFrame:
    return frame("""
        select request_id, system, state, cleared_at, last_snapshot_at from marts.revocation_propagation
        where request_id = any(%(ids)s) order by request_id, system""", ids=request_ids)


def unmatched_requests() -> pd.DataFrame:
    """Unmatched requests with each candidate customer the matching considered."""
    return frame("""
        select q.request_id, sla.received_at, sla.deadline_at, q.reason, candidate.key as candidate_key,
               c.full_name, c.birth_date, c.passport_masked
        from marts.identity_review_queue as q
        inner join marts.revocation_sla as sla on q.request_id = sla.request_id
        left join lateral unnest(q.candidate_customer_keys) as candidate (key) on true
        left join marts.customers as c on candidate.key = c.customer_key
        where q.item_type = 'unmatched_revocation_request'
        order by sla.deadline_at, q.request_id, c.full_name""")


# --- propagation ----------------------------------------------------------------

def propagation_summary() -> pd.DataFrame:
    return frame("select * from marts.propagation_summary order by system, channel")


def propagation_trend() -> pd.DataFrame:
    return frame("""
        select snapshot_at::date as day, mismatch, count(*) as n from marts.propagation_checks
        group by 1, 2 order by 1, 2""")


# --- regulator requests ---------------------------------------------------------

def regulator_requests() -> pd.DataFrame:
    return frame("""
        select r.request_id, r.regulator, r.status, r.received_at, r.deadline_at, r.answered_at,
               r.communication_id, r.contact_point, r.complainant_name, r.verdict, r.customer_key
        from marts.regulator_requests as r order by r.deadline_at desc, r.request_id""")


def request_communications(request_id: str) -> pd.DataFrame:
    """The contested communications with their lineage, as the evidence pack lists them."""
    return frame("""
        select l.* from marts.regulator_requests as r
        inner join marts.communication_lineage as l
            on l.communication_id = r.communication_id
            or (r.communication_id is null and l.contact_point = r.contact_point and l.kind = 'advertising')
        where r.request_id = %(id)s order by l.sent_at""", id=request_id)


def evidence_pack(request_id: str) -> str:
    """The Russian evidence pack (consentmart.evidence), once per request and build."""
    return _evidence_pack(current_build().invocation_id, request_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _evidence_pack(build_id: str, request_id: str) -> str:
    return evidence.pack(connection(), request_id)


# --- audience -------------------------------------------------------------------

def audience_counts() -> pd.DataFrame:
    return frame("""
        select channel, count(*) as n_customers, cast(sum(n_points) as bigint) as n_points
        from (select channel, customer_key, count(*) as n_points from marts.contactable_audience
              group by channel, customer_key) as per_customer
        group by channel order by channel""")


def renewals(days: int) -> pd.DataFrame:
    """Contactable points whose consent ends within `days` of as_of: the renewal list."""
    return frame("""
        select a.channel, a.contact_point, c.full_name, a.consent_expires_at, a.basis_event_id, a.customer_key
        from marts.contactable_audience as a
        cross join marts.build_info as b
        inner join marts.customers as c on a.customer_key = c.customer_key
        where a.consent_expires_at < b.as_of + make_interval(days => %(days)s)
        order by a.consent_expires_at, a.channel, a.contact_point""", days=days)


def audience_csv(channel: str) -> bytes:
    """The whole audience of one channel as CSV, what `consentmart audience` writes."""
    rows = _execute("select customer_key, channel, contact_point, consent_expires_at, basis_event_id "
                    "from marts.contactable_audience where channel = %(channel)s order by customer_key, contact_point",
                    {"channel": channel})
    return rows.to_csv(index=False).encode()


# --- data quality and build -----------------------------------------------------

def data_quality_by_reason() -> pd.DataFrame:
    return frame("""
        select source_table, disposition, reason, count(*) as n from marts.data_quality_issues
        group by 1, 2, 3 order by n desc, 1, 3""")


def data_quality_rows(limit: int = TABLE_LIMIT) -> pd.DataFrame:
    return frame("""
        select source_table, source_key, disposition, reason, details, load_batch_id, raw_row_id
        from marts.data_quality_issues order by source_table, raw_row_id limit %(limit)s""", limit=limit)


def _artifact(name: str) -> dict[str, Any] | None:
    path: Path = settings.target_dir() / name
    if not path.exists():
        return None
    return json.loads(path.read_text())


def run_results() -> dict[str, Any] | None:
    """The last `dbt build`'s run_results.json, if it is the build the marts come from."""
    results = _artifact("run_results.json")
    if results is None or results["metadata"]["invocation_id"] != current_build().invocation_id:
        return None
    return results


def freshness() -> dict[str, Any] | None:
    return _artifact("sources.json")
