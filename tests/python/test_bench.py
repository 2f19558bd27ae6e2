"""`consentmart bench` at a tiny size: every step measured, the ratios computed from
them, the rows counted match what was generated and loaded."""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg
import pytest

from consentmart import bench, database, settings


def test_bench_measures_every_step(server_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Streamlit's loggers do not propagate: listen on them for its warnings about running outside `streamlit run`
    warned: list[logging.LogRecord] = []
    listener = logging.Handler()
    listener.emit = warned.append  # type: ignore[method-assign]
    for name in bench.STREAMLIT_NOISE:
        logging.getLogger(name).addHandler(listener)
    # the bench drops and recreates its database on the configured server: the test's server,
    # never one a developer's environment names (and keeps a real benchmark in)
    monkeypatch.setenv(settings.DATABASE_URL_ENV, server_url)
    report = bench.run([400], seed=3, workdir=tmp_path, report=lambda _: None)
    (size,) = report["sizes"]
    assert size["customers"] == 400
    assert set(size["seconds"]) == {"generate", "load", "floor", "full_build", "dashboard", "increment_generate",
                                    "increment_load", "incremental_build", "unchanged_build"}
    assert all(seconds > 0 for seconds in size["seconds"].values())
    assert size["full_build_over_floor"] == size["seconds"]["full_build"] / size["seconds"]["floor"]
    assert size["incremental_over_full_build"] == size["seconds"]["incremental_build"] / size["seconds"]["full_build"]
    assert size["unchanged_over_full_build"] == size["seconds"]["unchanged_build"] / size["seconds"]["full_build"]
    assert set(size["peak_build_memory_mb"]) == {"full_build", "incremental_build", "unchanged_build"}
    assert size["cost_growth_vs_smallest"] == 1.0
    assert set(size["dashboard_seconds"]) == set(bench.DASHBOARD_PAGES)
    assert size["peak_build_memory_mb"]["full_build"] > 50  # dbt itself, measured, not guessed
    # what the bench loaded is what it generated: the base world plus the next day
    url = database.with_database(database.resolve_url(), bench.BENCH_DATABASE)
    with psycopg.connect(url) as conn:
        for table, rows in size["raw_rows"].items():
            loaded = conn.execute(f"select count(*) from raw.{table}").fetchone()[0]
            assert loaded == rows + size["increment_rows"].get(table, 0), table
    assert size["total_raw_rows"] == sum(size["raw_rows"].values())
    header, row = bench.table(report).splitlines()
    assert row.split()[0] == "400"
    # cells are right-aligned under their headers
    column_end = header.index("no change") + len("no change")
    assert row[:column_end].split()[-1] == f"{size['seconds']['unchanged_build']:.1f}"
    # the report is not buried under them
    assert [record.getMessage() for record in warned] == []
