"""Exporting the contactable audience of one channel: what marketing pulls, and nothing more."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

from consentmart.errors import ConsentMartError

COLUMNS = ("customer_key", "channel", "contact_point", "consent_expires_at", "basis_event_id")
FORMATS = (".csv", ".parquet")
_BATCH_ROWS = 50_000


def _check(conn: psycopg.Connection, channel: str) -> None:
    built = conn.execute(
        "select to_regclass('marts.contactable_audience') is not null and to_regclass('reference.channels') is not null"
    ).fetchone()[0]
    if not built:
        raise ConsentMartError("the marts are not built yet: run `consentmart build` first")
    known = [c for (c,) in conn.execute("select channel from reference.channels order by channel")]
    if channel not in known:
        raise ConsentMartError(f"unknown channel {channel!r}; one of: {', '.join(known)}")


def _query(channel: str) -> sql.Composed:
    return sql.SQL(
        "select {} from marts.contactable_audience where channel = {} order by customer_key, contact_point"
    ).format(sql.SQL(", ").join(sql.Identifier(c) for c in COLUMNS), sql.Literal(channel))


def _write_csv(conn: psycopg.Connection, channel: str, target: Path) -> int:
    statement = sql.SQL("copy ({}) to stdout with (format csv, header true)").format(_query(channel))
    with target.open("wb") as handle, conn.cursor() as cur, cur.copy(statement) as copy:
        for chunk in copy:
            handle.write(chunk)
    return conn.execute(
        "select count(*) from marts.contactable_audience where channel = %s", (channel,)
    ).fetchone()[0]


def _write_parquet(conn: psycopg.Connection, channel: str, target: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("customer_key", pa.string()), ("channel", pa.string()), ("contact_point", pa.string()),
        ("consent_expires_at", pa.timestamp("us", tz="UTC")), ("basis_event_id", pa.string()),
    ])
    rows = 0
    with conn.cursor(name="audience_export") as cur, pq.ParquetWriter(target, schema) as writer:
        cur.execute(_query(channel))
        while batch := cur.fetchmany(_BATCH_ROWS):  # bounded memory, whatever the audience size
            writer.write_batch(pa.RecordBatch.from_pylist([dict(zip(COLUMNS, row, strict=True)) for row in batch],
                                                          schema=schema))
            rows += len(batch)
    return rows


def export(conn: psycopg.Connection, channel: str, out: Path) -> int:
    """Write the audience of `channel` to `out` (.csv or .parquet); rows written.
    The file appears only when complete: no partial file is ever left behind."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ConsentMartError(f"--out: unsupported file type {suffix or '(none)'}; use .csv or .parquet")
    if not out.parent.is_dir():
        raise ConsentMartError(f"--out: no such directory: {out.parent}")
    _check(conn, channel)
    handle, scratch = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    os.close(handle)
    try:
        writer = _write_csv if suffix == ".csv" else _write_parquet
        rows = writer(conn, channel, Path(scratch))
        os.replace(scratch, out)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return rows
