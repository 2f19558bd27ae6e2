"""Where things live: the project directory, CONSENTMART_HOME, the database URL."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_URL_ENV = "CONSENTMART_DATABASE_URL"
HOME_ENV = "CONSENTMART_HOME"
PROJECT_DIR_ENV = "CONSENTMART_PROJECT_DIR"

EMBEDDED_DATABASE = "consentmart"


def project_dir() -> Path:
    """The dbt project: the repository this package is installed from (editable)."""
    override = os.environ.get(PROJECT_DIR_ENV)
    return Path(override).resolve() if override else Path(__file__).resolve().parent.parent


def home_dir() -> Path:
    """State of the embedded server (default ./.consentmart, relative to the cwd)."""
    return Path(os.environ.get(HOME_ENV, ".consentmart")).expanduser().resolve()


def configured_url() -> str | None:
    """An existing server chosen by the user, or None for the embedded one."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return url or None


def target_dir() -> Path:
    """Where dbt writes run_results.json and the freshness results (dbt's own variable)."""
    override = os.environ.get("DBT_TARGET_PATH")
    return Path(override).resolve() if override else project_dir() / "target"
