"""The databases ConsentMart creates compare text in byte order (collation C), so
PostgreSQL sorts and indexes text by memcmp; UTF-8 bytes order as code points, the
order C.UTF-8 gives, so no result depends on it (consentmart.database.create_database)."""

from __future__ import annotations

from conftest import Database


def test_a_created_database_orders_text_by_code_point(fresh_db: Database) -> None:
    assert fresh_db.query("select datcollate from pg_database where datname = current_database()") == [("C",)]
    ordered = fresh_db.query(
        "select string_agg(word, ' ' order by word) from (values ('б'), ('a'), ('Я'), ('Z'), ('ё'), ('е')) as w (word)"
    )
    assert ordered == [("Z a Я б е ё",)]
