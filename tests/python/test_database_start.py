"""Starting the embedded server waits out a crash recovery that outlasts pg_ctl's
10 s (found after a killed build: 4 GB of WAL replayed in 24 s, and the start failed)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from consentmart import database
from consentmart.errors import ConsentMartError


def embedded(statuses: list[str | None]) -> tuple[SimpleNamespace, list[str]]:
    """A stand-in for the wheel: get_server times out until the postmaster reads
    `ready`; postmaster.pid goes through `statuses` (None: the process is gone)."""
    calls: list[str] = []
    seen = iter(statuses)
    state = {"status": "starting"}

    def read_from_pgdata(pgdata: Path) -> SimpleNamespace:
        state["status"] = next(seen)
        calls.append(f"read {state['status']}")
        return SimpleNamespace(is_running=lambda: state["status"] is not None, status=state["status"])

    def get_server(pgdata: Path, cleanup_mode: str | None) -> str:
        calls.append("get_server")
        if state["status"] != "ready":
            raise subprocess.TimeoutExpired(["pg_ctl", "start"], 10)
        return "server"

    module = SimpleNamespace(get_server=get_server,
                             utils=SimpleNamespace(PostmasterInfo=SimpleNamespace(read_from_pgdata=read_from_pgdata)))
    return module, calls


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database.time, "sleep", lambda seconds: None)


def test_a_start_waits_for_recovery_to_finish(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    module, calls = embedded(["starting", "starting", "ready"])
    monkeypatch.setattr(database, "_embedded_module", lambda: module)
    assert database._serve(tmp_path) == "server"
    assert calls == ["get_server", "read starting", "read starting", "read ready", "get_server"]
    assert "recovering" in capsys.readouterr().err


def test_a_server_that_dies_while_recovering_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    module, calls = embedded(["starting", None])
    monkeypatch.setattr(database, "_embedded_module", lambda: module)
    with pytest.raises(ConsentMartError, match="stopped while starting; see .*log"):
        database._serve(tmp_path)
    assert calls == ["get_server", "read starting", "read None"]


def test_a_recovery_past_the_limit_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    module, _ = embedded(["starting"] * 10)
    monkeypatch.setattr(database, "_embedded_module", lambda: module)
    monkeypatch.setattr(database, "RECOVERY_SECONDS", 0.0)
    with pytest.raises(ConsentMartError, match="not ready after 0 s"):
        database._serve(tmp_path)
