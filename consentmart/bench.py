"""The benchmark: at each size, generation and load, the floor (PostgreSQL reading and
writing the raw data once), a full build, one more day loaded and an incremental
build, the same build again with nothing new (what any build costs), and each
dashboard page's queries. A table on screen, JSON to keep."""

from __future__ import annotations

import json
import logging
import os
import platform
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

from consentmart import build, database, loader
from consentmart.contract import RAW_TABLES
from consentmart.generator import output
from consentmart.generator.catalog import DEFAULT_AS_OF

DEFAULT_SIZES = (10_000, 50_000, 100_000)
BENCH_DATABASE = "consentmart_bench"
DASHBOARD_PAGES = ("overview", "violations", "customer", "revocations", "propagation", "regulator_requests",
                   "audience", "quality")


@dataclass
class SizeResult:
    customers: int
    raw_rows: dict[str, int] = field(default_factory=dict)
    increment_rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    peak_build_memory_mb: dict[str, float] = field(default_factory=dict)
    slowest_models: list[dict] = field(default_factory=list)
    dashboard_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_raw_rows(self) -> int:
        return sum(self.raw_rows.values())

    def summary(self) -> dict[str, float | None]:
        s = self.seconds
        return {
            "full_build_over_floor": s["full_build"] / s["floor"] if s.get("floor") else None,
            "incremental_over_full_build": s["incremental_build"] / s["full_build"] if s.get("full_build") else None,
            "unchanged_over_full_build": s["unchanged_build"] / s["full_build"] if s.get("full_build") else None,
            "full_build_seconds_per_million_customers": s["full_build"] / (self.customers / 1e6),
            "load_rows_per_second": self.total_raw_rows / s["load"] if s.get("load") else None,
            "full_build_raw_rows_per_second": self.total_raw_rows / s["full_build"] if s.get("full_build") else None,
        }


@contextmanager
def _timed(result: SizeResult, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    result.seconds[step] = round(time.perf_counter() - started, 3)


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the block, then put back what was there."""
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _dbt_target(path: Path) -> AbstractContextManager[None]:
    """dbt writes run_results.json here instead of the project's target/."""
    return _environment(DBT_TARGET_PATH=str(path), DBT_LOG_PATH=str(path / "logs"))


def bench_url(server_url: str) -> str:
    """A database of its own on the configured server, created afresh."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(BENCH_DATABASE)))
        database.create_database(conn, BENCH_DATABASE)
    return database.with_database(server_url, BENCH_DATABASE)


def floor(url: str) -> None:
    """What PostgreSQL needs just to read and write the raw data once."""
    with psycopg.connect(url) as conn:
        conn.execute("drop schema if exists bench_floor cascade")
        conn.execute("create schema bench_floor")
        for table in RAW_TABLES:
            conn.execute(sql.SQL("create table bench_floor.{} as select * from raw.{}").format(
                sql.Identifier(table), sql.Identifier(table)))
        conn.execute("drop schema bench_floor cascade")


def _slowest(target: Path, n: int = 8) -> list[dict]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    timed = sorted(results, key=lambda r: r["execution_time"], reverse=True)[:n]
    return [{"node": r["unique_id"], "seconds": round(r["execution_time"], 2)} for r in timed]


# Outside a script run, Streamlit warns on every page that it has none: noise in the report.
STREAMLIT_NOISE = (
    "streamlit.runtime.caching.cache_data_api",
    "streamlit.runtime.scriptrunner_utils.script_run_context",
)


def _quiet_streamlit() -> None:
    for name in STREAMLIT_NOISE:
        logging.getLogger(name).setLevel(logging.ERROR)


def dashboard_timings(url: str, target: Path) -> dict[str, float]:
    """Each page rendered with a cold cache (Streamlit's AppTest): seconds per page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from consentmart.dashboard import launch

    timings = {}
    with _environment(CONSENTMART_DATABASE_URL=url, DBT_TARGET_PATH=str(target)):
        for page in DASHBOARD_PAGES:
            _quiet_streamlit()
            app = AppTest.from_file(str(launch.APP), default_timeout=600)
            app.run()  # the default page; needed before switching
            app.switch_page(f"app_pages/{page}.py")
            _quiet_streamlit()  # running a page set them back
            st.cache_data.clear()  # cold: every query of the page runs
            started = time.perf_counter()
            app.run()
            timings[page] = round(time.perf_counter() - started, 3)
            if app.exception:
                raise RuntimeError(f"dashboard page {page} failed: {app.exception[0].value}")
    return timings


def _measured_build(result: SizeResult, step: str, url: str, target: Path, as_of: datetime,
                    full_refresh: bool = False) -> None:
    """One build as of `as_of`: its seconds and the dbt process's peak memory, kept as `step`."""
    with _dbt_target(target), _timed(result, step):
        run = build.build(as_of=as_of.isoformat(), full_refresh=full_refresh, url=url)
    result.peak_build_memory_mb[step] = round(run.peak_memory_mb, 1)


def run_size(customers: int, seed: int, url: str, workdir: Path, report: Callable[[str], None]) -> SizeResult:
    result = SizeResult(customers)
    base, increment, target = workdir / f"n{customers}", workdir / f"n{customers}-day1", workdir / "target"
    as_of = DEFAULT_AS_OF
    next_as_of = as_of + timedelta(days=1)
    with _timed(result, "generate"):
        result.raw_rows = output.generate(base, customers, seed=seed, as_of=as_of)["rows"]
    report(f"  generated {result.total_raw_rows:,} raw rows in {result.seconds['generate']:.1f} s")
    with _timed(result, "load"), psycopg.connect(url) as conn:
        loader.load_directory(conn, base)
    with _timed(result, "floor"):
        floor(url)
    report(f"  loaded in {result.seconds['load']:.1f} s; floor {result.seconds['floor']:.1f} s")
    _measured_build(result, "full_build", url, target, as_of, full_refresh=True)
    result.slowest_models = _slowest(target)
    report(f"  full build {result.seconds['full_build']:.1f} s")
    with _timed(result, "dashboard"):
        result.dashboard_seconds = dashboard_timings(url, target)
    with _timed(result, "increment_generate"):
        result.increment_rows = output.generate(increment, customers, seed=seed, as_of=as_of, day=1)["rows"]
    with _timed(result, "increment_load"), psycopg.connect(url) as conn:
        loader.load_directory(conn, increment, append=True)
    _measured_build(result, "incremental_build", url, target, next_as_of)
    report(f"  +1 day ({sum(result.increment_rows.values()):,} rows): incremental build "
           f"{result.seconds['incremental_build']:.1f} s")
    # the part of a day's build that does not depend on the day: re-reading and
    # re-checking what did not change
    _measured_build(result, "unchanged_build", url, target, next_as_of)
    report(f"  the same build again, nothing new: {result.seconds['unchanged_build']:.1f} s")
    shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(increment, ignore_errors=True)
    return result


def _server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("show server_version").fetchone()[0]


def run(sizes: list[int], seed: int, workdir: Path, report: Callable[[str], None] = print) -> dict:
    server = database.resolve_url()
    url = bench_url(server)
    results = []
    for customers in sizes:
        report(f"{customers:,} customers")
        results.append(run_size(customers, seed, url, workdir, report))
    smallest = results[0].summary()["full_build_seconds_per_million_customers"]
    return {
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "postgresql": _server_version(url), "database": database.redact(url)},
        "seed": seed,
        "sizes": [
            {**asdict(r), "total_raw_rows": r.total_raw_rows, **r.summary(),
             "cost_growth_vs_smallest": r.summary()["full_build_seconds_per_million_customers"] / smallest}
            for r in results
        ],
    }


def table(report: dict) -> str:
    """The results as a fixed-width table."""
    rows = [("customers", "raw rows", "generate", "load", "floor", "full", "full/floor", "+1 day", "incr/full",
             "no change", "s per 1M", "growth", "build MB", "dashboard")]
    for s in report["sizes"]:
        rows.append((
            f"{s['customers']:,}", f"{s['total_raw_rows']:,}", f"{s['seconds']['generate']:.1f}",
            f"{s['seconds']['load']:.1f}", f"{s['seconds']['floor']:.1f}", f"{s['seconds']['full_build']:.1f}",
            f"{s['full_build_over_floor']:.1f}x", f"{s['seconds']['incremental_build']:.1f}",
            f"{s['incremental_over_full_build']:.1%}", f"{s['seconds']['unchanged_build']:.1f}",
            f"{s['full_build_seconds_per_million_customers']:.0f}",
            f"{s['cost_growth_vs_smallest']:.2f}x", f"{max(s['peak_build_memory_mb'].values()):.0f}",
            f"{max(s['dashboard_seconds'].values()):.2f} max"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)
