"""Fixtures: a real PostgreSQL (the embedded one unless CONSENTMART_TEST_DATABASE_URL is
set), a fresh database per use, and the demo data set built once per session."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from consentmart import database, settings
from consentmart.build import build
from consentmart.loader import load_directory

PROJECT = Path(__file__).resolve().parents[2]
DEMO_DIR = PROJECT / "data" / "demo"
# The demo data set describes the world as of this moment.
DEMO_AS_OF = "2026-11-20T12:00:00+03:00"


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An admin URL of the server the tests use."""
    external = os.environ.get("CONSENTMART_TEST_DATABASE_URL")
    if external:
        yield external
        return
    home = tmp_path_factory.mktemp("consentmart-home")
    previous = os.environ.get(settings.HOME_ENV)
    os.environ[settings.HOME_ENV] = str(home)
    try:
        url = database.start_embedded()
        yield url
    finally:
        database.stop_embedded()
        if previous is None:
            os.environ.pop(settings.HOME_ENV, None)
        else:
            os.environ[settings.HOME_ENV] = previous


@dataclass
class Database:
    url: str

    def query(self, sql: str, params: tuple | None = None) -> list[tuple]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql, params).fetchall()

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.url) as conn:
            conn.execute(sql)

    def load(self, directory: Path, append: bool = False) -> dict[str, int]:
        with psycopg.connect(self.url) as conn:
            return load_directory(conn, directory, append=append)

    def build(self, target_path: Path, as_of: str = DEMO_AS_OF, full_refresh: bool = False,
              admit_pending: bool = False) -> None:
        """dbt build into its own target directory (run_results.json lands there)."""
        os.environ["DBT_TARGET_PATH"] = str(target_path)
        os.environ["DBT_LOG_PATH"] = str(target_path / "logs")
        try:
            build(as_of=as_of, url=self.url, full_refresh=full_refresh, admit_pending=admit_pending)
        finally:
            os.environ.pop("DBT_TARGET_PATH", None)
            os.environ.pop("DBT_LOG_PATH", None)


def _create_database(server: str) -> str:
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        database.create_database(conn, name)
    return database.with_database(server, name)


def _drop_database(server: str, url: str) -> None:
    name = database.parse_url(url).dbname
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"drop database if exists {name} with (force)")


@pytest.fixture
def fresh_db(server_url: str) -> Iterator[Database]:
    url = _create_database(server_url)
    yield Database(url)
    _drop_database(server_url, url)


@dataclass
class BuiltDemo(Database):
    target_path: Path


@pytest.fixture(scope="session")
def demo(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltDemo]:
    """The demo data set loaded and built once; tests only read it."""
    url = _create_database(server_url)
    built = BuiltDemo(url, tmp_path_factory.mktemp("dbt-demo"))
    built.load(DEMO_DIR)
    built.build(built.target_path)
    yield built
    _drop_database(server_url, url)


# A generated world, built once per session: its truth is what the marts must say.
WORLD_SIZE = 4000
WORLD_SEED = 11


@pytest.fixture(scope="session")
def world_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from consentmart.generator.output import generate

    target = tmp_path_factory.mktemp("world")
    generate(target, WORLD_SIZE, seed=WORLD_SEED)
    return target


@pytest.fixture(scope="session")
def world_db(server_url: str, world_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltDemo]:
    url = _create_database(server_url)
    built = BuiltDemo(url, tmp_path_factory.mktemp("dbt-world"))
    built.load(world_dir)
    built.build(built.target_path)
    yield built
    _drop_database(server_url, url)
