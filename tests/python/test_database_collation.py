"""The databases ConsentMart creates compare text in byte order (collation C), so
PostgreSQL sorts and indexes text by memcmp; UTF-8 bytes order as code points, the
order C.UTF-8 gives, so no result depends on it (consentmart.database.create_database)."""

from __future__ import annotations

import psycopg

from conftest import BuiltDemo, Database


def test_a_created_database_orders_text_by_code_point(fresh_db: Database) -> None:
    assert fresh_db.query("select datcollate from pg_database where datname = current_database()") == [("C",)]
    ordered = fresh_db.query(
        "select string_agg(word, ' ' order by word) from (values ('б'), ('a'), ('Я'), ('Z'), ('ё'), ('е')) as w (word)"
    )
    assert ordered == [("Z a Я б е ё",)]


def test_the_marts_compare_text_as_the_models_before_them(demo: BuiltDemo) -> None:
    """A mart with a contract is created from its declared columns, not as its query:
    its text is byte-ordered like the staged text its keys come from, or its indexes
    could not serve lookups by those keys (a next-day build read whole marts to
    delete a day's rows)."""
    not_byte_ordered = demo.query(
        "select table_name || '.' || column_name from information_schema.columns "
        "where table_schema = 'marts' and data_type in ('text', 'ARRAY') and collation_name is distinct from 'C'")
    assert not_byte_ordered == []
    with psycopg.connect(demo.url) as conn:
        conn.execute("set enable_seqscan = off")
        plan = "\n".join(line for (line,) in conn.execute(
            "explain delete from marts.consent_status where customer_key in ("
            "select customer_key from intermediate.int_consent_inputs__by_customer where changed_at > now())"))
    # with sequential scans off, consent_status is still read whole where no index can serve
    assert "Seq Scan on consent_status" not in plan and "Index Cond: (customer_key = " in plan, plan
