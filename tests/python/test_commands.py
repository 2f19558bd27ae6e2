"""The `consentmart` command as a user runs it: one clear line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from consentmart.build import parse_as_of
from consentmart.database import parse_url, redact, with_database
from consentmart.errors import ConsentMartError

from conftest import DEMO_DIR


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "consentmart.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120,
    )


def test_unreachable_database_is_one_line_and_exit_2() -> None:
    result = _run("load", str(DEMO_DIR), env={"CONSENTMART_DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/db"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("consentmart: error: cannot connect to the database postgresql://u:***@127.0.0.1:1/db")
    assert "secret" not in result.stderr


def test_missing_directory_is_one_line_and_exit_2(server_url: str) -> None:
    result = _run("load", "/nonexistent/dir", env={"CONSENTMART_DATABASE_URL": server_url})
    assert result.returncode == 2
    assert result.stderr.strip() == "consentmart: error: no such directory: /nonexistent/dir"


def test_bad_as_of_is_rejected_before_dbt_runs(server_url: str) -> None:
    result = _run("build", "--as-of", "yesterday", env={"CONSENTMART_DATABASE_URL": server_url})
    assert result.returncode == 2
    assert result.stderr.strip() == "consentmart: error: --as-of: not an ISO 8601 timestamp: 'yesterday'"


def test_embedded_server_lifecycle(tmp_path: Path) -> None:
    env = {"CONSENTMART_HOME": str(tmp_path / "home"), "CONSENTMART_DATABASE_URL": ""}
    assert _run("db", "status", env=env).stdout.startswith("embedded server: not running")
    started = _run("db", "start", env=env)
    assert started.returncode == 0, started.stderr
    try:
        url = _run("db", "url", env=env).stdout.strip()
        assert url == f"postgresql://postgres:@/consentmart?host={tmp_path / 'home' / 'pgdata'}"
        assert _run("db", "status", env=env).stdout.strip() == f"embedded server: running at {url}"
        loaded = _run("load", str(DEMO_DIR), env=env)
        assert loaded.returncode == 0, loaded.stderr
        assert "loaded         42 rows into raw.customers" in loaded.stdout
    finally:
        assert _run("db", "stop", env=env).stdout.strip() == "stopped"
    assert _run("db", "stop", env=env).stdout.strip() == "not running"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres:@/consentmart?host=/tmp/x/pgdata", ("/tmp/x/pgdata", 5432, "postgres", "", "consentmart")),
        ("postgresql://app:p%40ss@db.example:6543/warehouse", ("db.example", 6543, "app", "p@ss", "warehouse")),
        ("postgres://localhost", ("localhost", 5432, "postgres", "", "postgres")),
    ],
)
def test_database_urls_are_parsed_like_libpq(url: str, expected: tuple) -> None:
    parsed = parse_url(url)
    assert (parsed.host, parsed.port, parsed.user, parsed.password, parsed.dbname) == expected


def test_urls_are_redacted_and_retargeted() -> None:
    assert redact("postgresql://app:secret@h:1/db") == "postgresql://app:***@h:1/db"
    assert redact("postgresql://postgres:@/db?host=/s") == "postgresql://postgres:@/db?host=/s"
    assert with_database("postgresql://postgres:@/a?host=/s", "b") == "postgresql://postgres:@/b?host=/s"
    with pytest.raises(ConsentMartError, match="not a postgresql:// URL"):
        parse_url("mysql://x/y")


def test_as_of_without_offset_is_moscow_time() -> None:
    assert parse_as_of("2026-11-20T12:00:00") == "2026-11-20T12:00:00+03:00"
    assert parse_as_of("2026-11-20T09:00:00+00:00") == "2026-11-20T09:00:00+00:00"
    assert parse_as_of("2026-11-20") == "2026-11-20T00:00:00+03:00"


def test_generate_rejects_an_empty_world(tmp_path: Path) -> None:
    result = _run("generate", "--customers", "0", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == "consentmart: error: --customers must be at least 1"


def test_generate_writes_and_loads(server_url: str, tmp_path: Path) -> None:
    env = {"CONSENTMART_DATABASE_URL": server_url, "CONSENTMART_HOME": str(tmp_path / "home")}
    result = _run("generate", "--customers", "300", "--seed", "2", "--load", env=env)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "home" / "generated" / "seed2-300"
    assert f"to {target}" in result.stdout
    assert (target / "truth" / "consent_status.csv").exists()
    assert "loaded" in result.stdout.splitlines()[-1]
