"""Serving the dashboard: the Streamlit command line for a database and a port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import webbrowser
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


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def serve(url: str, port: int = DEFAULT_PORT) -> int:
    """Run the dashboard until interrupted (opening a browser where there is a screen);
    Streamlit's exit code."""
    address = f"http://localhost:{port}"
    print(f"ConsentMart dashboard: {address}  (Ctrl+C stops it)", flush=True)
    server = subprocess.Popen(command(port), env=environment(url))
    try:
        if (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and wait_until_up(address, server):
            webbrowser.open(address)
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        return server.wait()
