"""Running dbt against the configured database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from consentmart import settings
from consentmart.database import connect, resolve_url
from consentmart.errors import ConsentMartError

MOSCOW = ZoneInfo("Europe/Moscow")


def _aware(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ConsentMartError(f"--as-of: not an ISO 8601 timestamp: {value!r}") from exc
    return moment.replace(tzinfo=MOSCOW) if moment.tzinfo is None else moment


def parse_as_of(value: str) -> str:
    """An ISO 8601 timestamp; without an offset it is Moscow time (as in the contract)."""
    return _aware(value).isoformat()


def moscow_time(value: str) -> datetime:
    """The same moment as a naive Moscow wall-clock time (the generator's clock)."""
    return _aware(value).astimezone(MOSCOW).replace(tzinfo=None)


def dbt_environment(url: str) -> dict[str, str]:
    """The environment that makes profiles.yml point at `url`."""
    env = dict(os.environ)
    env[settings.DATABASE_URL_ENV] = url
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


@dataclass(frozen=True)
class DbtRun:
    exit_code: int
    # the dbt process's peak resident memory (its own rusage, not the database server's)
    peak_memory_mb: float


def run_dbt(args: list[str], url: str | None = None) -> DbtRun:
    """Run one dbt command in the project directory."""
    project = settings.project_dir()
    command = [
        str(Path(sys.executable).with_name("dbt")),
        *args,
        "--project-dir", str(project),
        "--profiles-dir", str(project),
    ]
    process = subprocess.Popen(command, cwd=project, env=dbt_environment(url or resolve_url()))
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except KeyboardInterrupt:
        process.terminate()
        process.wait()
        raise
    process.returncode = os.waitstatus_to_exitcode(status)
    return DbtRun(process.returncode, usage.ru_maxrss / 1024)


# The evidence a marketing audience that admits pending accepts (semantics.md >
# Evidence: ok only by default, dbt var audience_evidence)
AUDIENCE_EVIDENCE_WITH_PENDING = ["ok", "pending"]


def build(as_of: str | None = None, full_refresh: bool = False, url: str | None = None,
          admit_pending: bool = False) -> DbtRun:
    """`dbt build` of the whole project; raises when a model or test failed.
    `admit_pending`: the audience admits consents whose document awaits verification."""
    url = url or resolve_url()
    args = ["build"]
    variables: dict[str, object] = {}
    if as_of:
        variables["as_of"] = parse_as_of(as_of)
    if admit_pending:
        variables["audience_evidence"] = AUDIENCE_EVIDENCE_WITH_PENDING
    if variables:
        args += ["--vars", json.dumps(variables)]
    if full_refresh:
        args.append("--full-refresh")
    run = run_dbt(args, url)
    if run.exit_code != 0:
        results = settings.target_dir() / "run_results.json"
        raise ConsentMartError(f"dbt build failed (exit {run.exit_code}); details above and in {results}")
    # sources.json for the dashboard; a stale source is news, not a failed build
    run_dbt(["source", "freshness"], url)
    return run


def data_quality_summary(url: str | None = None) -> list[tuple[str, str, int]]:
    """Rows of marts.data_quality_issues per raw table and disposition."""
    with connect(url) as conn:
        return conn.execute(
            "select source_table, disposition, count(*) from marts.data_quality_issues "
            "group by 1, 2 order by 1, 2"
        ).fetchall()
