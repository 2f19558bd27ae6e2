"""Serving the dashboard: the Streamlit command line for a database and a port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from consentmart import settings

APP = Path(__file__).resolve().with_name("streamlit_app.py")
DEFAULT_PORT = 8501


def command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "localhost",
        # headless: no first-run e-mail prompt and no browser launched from a server
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # the DPO reads; deploying and developer menus are not theirs
        "--client.toolbarMode", "viewer",
    ]


def environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env[settings.DATABASE_URL_ENV] = url
    # run_results.json and sources.json are read from the project's target directory
    env.setdefault(settings.PROJECT_DIR_ENV, str(settings.project_dir()))
    return env


def serve(url: str, port: int = DEFAULT_PORT) -> int:
    """Run the dashboard until interrupted; Streamlit's exit code."""
    print(f"ConsentMart dashboard: http://localhost:{port}  (Ctrl+C stops it)", flush=True)
    return subprocess.run(command(port), env=environment(url)).returncode
