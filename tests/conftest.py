"""Shared fixtures: build the handbook once, serve it on 127.0.0.1, launch Chromium.

The main site is built from ``HANDBOOK_DATA`` (default ``data/``), like every other
command. Browser tests get its URL through pytest-playwright's ``base_url``.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRIVATE_EXAMPLE = ROOT / "data" / "private.example.yml"
#: The build date used by the tests, so that "next deadlines" and health flags are stable.
TODAY = "2026-11-26"


def data_dir() -> Path:
    """The data folder under test: ``HANDBOOK_DATA`` or ``data/``."""
    raw = os.environ.get("HANDBOOK_DATA", "").strip()
    return (Path(raw) if Path(raw).is_absolute() else ROOT / raw) if raw else ROOT / "data"


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m macros …`` as a user would, capturing its output."""
    # Public by default: a developer's own data/private.yml must not change the results.
    full_env = {
        **os.environ,
        "HANDBOOK_TODAY": TODAY,
        "HANDBOOK_PDF": "off",
        "HANDBOOK_PUBLIC": "1",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "macros", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build(out: Path, data: Path | None = None, **env: str) -> Path:
    """Build the handbook from ``data`` into ``out``; fail the test with the output if it fails."""
    extra = dict(env)
    if data is not None:
        extra["HANDBOOK_DATA"] = str(data)
    result = run_cli("build", "--site-dir", str(out), env=extra)
    if result.returncode != 0:
        pytest.fail(f"build failed:\n{result.stdout}\n{result.stderr}")
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@functools.cache
def _serve(root: Path) -> str:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def serve(root: Path) -> str:
    """Serve ``root`` over HTTP on 127.0.0.1 (once per folder) and return its URL."""
    return _serve(root.resolve())


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built from the data under test, with its PDFs (Chromium required).

    It is a public build made while a private file is present: nothing private may leak.
    """
    return build(
        tmp_path_factory.mktemp("site") / "site",
        data_dir(),
        HANDBOOK_PDF="required",
        HANDBOOK_PRIVATE=str(PRIVATE_EXAMPLE),
    )


@pytest.fixture(scope="session")
def base_url(site: Path) -> str:
    """URL of the served handbook (pytest-playwright uses it for relative ``goto``)."""
    return serve(site)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Playwright's Chromium, or the system one when it is not downloaded."""
    from macros.sorties.navigateur import ARGUMENTS, trouver_chromium

    chromium = trouver_chromium()
    if chromium is None:
        pytest.fail("Aucun Chromium : lancez « make chromium » (ou définissez HANDBOOK_CHROMIUM).")
    return {**browser_type_launch_args, "executable_path": str(chromium), "args": ARGUMENTS}


@pytest.fixture(scope="session")
def nav_pages() -> list[str]:
    """URL paths of every page in mkdocs.yml's nav, in order."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV tags; they do not matter for the nav.
    _Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    out: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                stem = value[: -len(".md")]
                out.append("" if stem == "index" else f"{stem}/")

    walk(config["nav"])
    return out


@pytest.fixture(scope="session")
def raw_data() -> dict[str, dict]:
    """The data files read with plain PyYAML: an independent view of what the pages must show."""
    import yaml

    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted(data_dir().glob("*.yml"))
        if not p.name.startswith("private")
    }


@pytest.fixture
def clean_page(page) -> Iterator:
    """A page that records console errors and page errors; the test fails if any occur."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"erreurs dans la console : {errors}"


def pytest_terminal_summary(terminalreporter) -> None:
    """Print what the suite tried and found (see tests/summary.py)."""
    import summary

    if summary.RESULTS:
        terminalreporter.section("Résumé")
        for line in summary.lines():
            terminalreporter.write_line(line)
