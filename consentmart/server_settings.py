"""Settings of the embedded server for what it does: build a warehouse in bulk.

PostgreSQL's defaults (128 MB of shared buffers, 4 MB per sort, a checkpoint every
1 GB of WAL) suit a small shared server. A build rewrites tables of millions of rows
and their indexes: it spills sorts to disk and checkpoints every few seconds. Nothing
replicates from the embedded server, so `wal_level = minimal` lets a table created
and filled in one transaction (every dbt table) skip the WAL. A server the user
configures (CONSENTMART_DATABASE_URL) is its administrator's business: left alone.
"""

from __future__ import annotations

import os

import psycopg
from psycopg import sql

_MB = 1024 * 1024


def _physical_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _shared_memory() -> int:
    """The size of /dev/shm, where parallel hash joins keep their tables (a container
    often gets 64 MB); unbounded where there is none."""
    try:
        stat = os.statvfs("/dev/shm")
    except OSError:
        return 2**62
    return stat.f_frsize * stat.f_blocks


def _megabytes(size: int, low: int, high: int) -> str:
    return f"{max(low, min(high, size // _MB))}MB"


def for_builds(memory: int | None = None, shared_memory: int | None = None) -> dict[str, str]:
    """The settings for a machine with this much memory and /dev/shm (bytes), scaled
    and capped so that two dbt threads with parallel workers stay well inside both."""
    ram = _physical_memory() if memory is None else memory
    shm = _shared_memory() if shared_memory is None else shared_memory
    return {
        "shared_buffers": _megabytes(ram // 4, 128, 4096),
        "work_mem": _megabytes(min(ram // 256, shm // 32), 4, 64),
        "maintenance_work_mem": _megabytes(ram // 32, 64, 512),
        "max_wal_size": "8GB",
        "checkpoint_timeout": "30min",
        "wal_level": "minimal",
        "max_wal_senders": "0",
    }


def apply(conn: psycopg.Connection, wanted: dict[str, str]) -> bool:
    """ALTER SYSTEM what postgresql.auto.conf does not hold yet (conn in autocommit)
    and reload; True when the server must restart for a change to take effect."""
    stored = dict(conn.execute(
        "select name, setting from pg_file_settings where sourcefile like '%postgresql.auto.conf'"
    ).fetchall())
    changed = [name for name, value in wanted.items() if stored.get(name) != value]
    if not changed:  # every start but the first: nothing to reload
        return False
    for name in changed:
        conn.execute(sql.SQL("alter system set {} = {}").format(sql.Identifier(name), sql.Literal(wanted[name])))
    conn.execute("select pg_reload_conf()")
    return bool(conn.execute(
        "select count(*) from pg_settings where name = any(%s) and (context = 'postmaster' or pending_restart)",
        (changed,),
    ).fetchone()[0])
