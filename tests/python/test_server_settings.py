"""The embedded server runs with settings for bulk builds, scaled to the machine."""

from __future__ import annotations

import os

import psycopg
import pytest

from consentmart import server_settings

GB = 1024**3


def test_settings_scale_with_memory_and_are_capped() -> None:
    assert server_settings.for_builds(24 * GB, shared_memory=12 * GB) == {
        "shared_buffers": "4096MB", "work_mem": "64MB", "maintenance_work_mem": "512MB",
        "max_wal_size": "8GB", "checkpoint_timeout": "30min", "wal_level": "minimal", "max_wal_senders": "0",
    }
    small = server_settings.for_builds(2 * GB)
    assert (small["shared_buffers"], small["work_mem"], small["maintenance_work_mem"]) == ("512MB", "8MB", "64MB")
    tiny = server_settings.for_builds(256 * 1024 * 1024)
    assert (tiny["shared_buffers"], tiny["work_mem"], tiny["maintenance_work_mem"]) == ("128MB", "4MB", "64MB")
    # a container's 64 MB /dev/shm holds the parallel hash tables: sorts and hashes stay at the default
    assert server_settings.for_builds(24 * GB, shared_memory=64 * 1024 * 1024)["work_mem"] == "4MB"


@pytest.mark.skipif(bool(os.environ.get("CONSENTMART_TEST_DATABASE_URL")),
                    reason="a server the user configures is left as it is")
def test_the_embedded_server_runs_with_them_and_applying_again_changes_nothing(server_url: str) -> None:
    wanted = server_settings.for_builds()
    with psycopg.connect(server_url, autocommit=True) as conn:
        running = {name: conn.execute(f"show {name}").fetchone()[0] for name in wanted}
        assert server_settings.apply(conn, wanted) is False
    # SHOW prints sizes in the largest exact unit: 4096MB as 4GB
    normal = {value: value for value in wanted.values()} | {
        v: f"{int(v[:-2]) // 1024}GB" for v in wanted.values() if v.endswith("MB") and int(v[:-2]) % 1024 == 0}
    assert running == {name: normal[value] for name, value in wanted.items()}
