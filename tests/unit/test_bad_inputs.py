"""The bad-input corpus: every case in tests/bad_inputs/ must be refused cleanly.

Each case (one YAML file, format in tests/bad_inputs/README.md) breaks a fresh
copy of the example data. For each one, as a user would:

* ``python -m macros check`` exits non-zero, prints every expected French line
  (``fichier:ligne:colonne — …``) on stderr, and never a Python traceback;
* ``python -m macros build --site-dir <site>`` exits non-zero and leaves the
  previous site folder exactly as it was.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import summary
import yaml
from conftest import ROOT, TODAY

from macros.donnees.modele import FICHIERS

CASES_DIR = ROOT / "tests" / "bad_inputs"
#: The valid data every case starts from (its line numbers are those of the expected lines).
BASE = ROOT / "data"
CASES = sorted(CASES_DIR.glob("*.yml"))
#: Every process is stopped past this time (a case may ask for less with « duree_max »).
TIMEOUT_S = 60
#: Address-space limit of the ``check`` process: a YAML bomb that expanded would hit it.
MEMORY_LIMIT = 768 * 1024 * 1024

OPERATIONS = {"remplacer", "ajouter", "ecrire", "octets_hex", "octets_base64", "supprimer"}
OPERATIONS |= {"dossier", "generer", "repeter"}
CLES = {"description", "operations", "attendu", "interdit", "duree_max"}


def load_case(path: Path) -> dict[str, Any]:
    """Read and check one case file (a malformed case fails with a clear message)."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    assert set(case) <= CLES, f"{path.name}: unknown keys {set(case) - CLES}"
    assert str(case.get("description", "")).strip(), f"{path.name}: description missing"
    assert case.get("operations"), f"{path.name}: no operation"
    assert case.get("attendu"), f"{path.name}: no expected line"
    return case


def apply(operation: dict[str, Any], data: Path) -> None:
    """Apply one operation of a case to the data folder ``data``."""
    kinds = set(operation) & OPERATIONS
    assert len(kinds) == 1, f"one operation per item, got {sorted(operation)}"
    kind = kinds.pop()
    path = data / operation["fichier"]
    if kind == "remplacer":
        text = path.read_text(encoding="utf-8")
        old = operation["remplacer"]
        # Exactly once: a case whose anchor text vanished or became ambiguous must fail loudly.
        assert text.count(old) == 1, f"{path.name}: {old!r} found {text.count(old)} times"
        path.write_text(text.replace(old, operation["par"]), encoding="utf-8")
    elif kind == "ajouter":
        with path.open("a", encoding="utf-8") as handle:
            handle.write(operation["ajouter"])
    elif kind == "ecrire":
        path.write_text(operation["ecrire"], encoding="utf-8")
    elif kind == "octets_hex":
        path.write_bytes(bytes.fromhex("".join(operation["octets_hex"].split())))
    elif kind == "octets_base64":
        path.write_bytes(base64.b64decode(operation["octets_base64"]))
    elif kind == "supprimer":
        path.unlink()
    elif kind == "dossier":
        path.unlink()
        path.mkdir()
    elif kind == "repeter":
        text = path.read_text(encoding="utf-8")
        line = operation["repeter"]
        assert text.count(line) == 1, f"{path.name}: {line!r} found {text.count(line)} times"
        path.write_text(text.replace(line, line * operation.get("fois", 2)), encoding="utf-8")
    elif kind == "generer":
        spec = operation["generer"]
        line = spec["ligne"].encode("utf-8")
        count = spec["taille_mo"] * 1024 * 1024 // len(line) + 1
        path.write_bytes(spec.get("debut", "").encode("utf-8") + line * count)


def prepare(case: dict[str, Any], root: Path) -> Path:
    """A fresh copy of the example data under ``root``, broken by the case's operations."""
    data = root / "data"
    data.mkdir()
    for name in FICHIERS:  # only the data files: never a developer's private.yml
        shutil.copy2(BASE / f"{name}.yml", data / f"{name}.yml")
    for operation in case["operations"]:
        apply(operation, data)
    return data


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def launch(root: Path, data: Path, *args: str) -> subprocess.Popen:
    """Start ``python -m macros <args>`` on ``data`` as a user would, from ``root``."""
    env = {
        **os.environ,
        "HANDBOOK_DATA": str(data),
        "HANDBOOK_TODAY": TODAY,
        "HANDBOOK_PDF": "off",
        "HANDBOOK_PUBLIC": "1",
    }
    limit = _limit_memory if sys.platform.startswith("linux") and args[0] == "check" else None
    return subprocess.Popen(
        [sys.executable, "-m", "macros", *args],
        cwd=root,  # messages then name the files « data/equipe.yml »
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )


def finish(process: subprocess.Popen, timeout: float) -> tuple[str, str]:
    """Wait for ``process``; kill it past ``timeout`` (its return code is then negative)."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its content."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def previous_site(site: Path) -> dict[str, bytes]:
    """A site folder as a previous build left it, with a marker file."""
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>Site précédent</p>\n", encoding="utf-8")
    (site / "assets" / "marqueur.txt").write_text("ne pas toucher\n", encoding="utf-8")
    return snapshot(site)


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def test_the_corpus_is_large_and_described():
    assert len(CASES) >= 55
    for path in CASES:
        load_case(path)


def test_the_unbroken_copy_is_valid(tmp_path):
    """Without operations the copy is valid: each case fails because of its own change."""
    data = prepare({"operations": []}, tmp_path)
    check = launch(tmp_path, data, "check")
    out, err = finish(check, TIMEOUT_S)
    assert check.returncode == 0, err
    assert "Données valides" in out


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_is_refused_cleanly(path, tmp_path):
    case = load_case(path)
    data = prepare(case, tmp_path)
    site = tmp_path / "site"
    before = previous_site(site)

    started = time.perf_counter()
    # Both stop at validation; side by side they take the time of one.
    check = launch(tmp_path, data, "check")
    build = launch(tmp_path, data, "build", "--site-dir", str(site))
    limit = case.get("duree_max", TIMEOUT_S)
    check_out, check_err = finish(check, limit)
    elapsed = time.perf_counter() - started
    build_out, build_err = finish(build, TIMEOUT_S)

    everything = check_out + check_err + build_out + build_err
    stderr_lines = _lines(check_err)
    missing = [line for line in case["attendu"] if line.strip() not in stderr_lines]
    forbidden = [s for s in case.get("interdit", []) if s in everything]
    after = snapshot(site)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("data", "site"))
    clean = (
        check.returncode not in (0, None)
        and build.returncode not in (0, None)
        and "le site précédent n'a pas été modifié" in build_err
        and not missing
        and not forbidden
        and "Traceback" not in everything
        and after == before
        and not leftovers
        and elapsed <= limit
    )
    summary.record("entrées invalides", essayées=1, refusées_proprement=int(clean))

    assert "Traceback" not in everything, everything
    assert check.returncode != 0, check_out
    assert not missing, f"expected lines missing from stderr:\n{missing}\n--- stderr:\n{check_err}"
    assert not forbidden, f"must not be printed: {forbidden}\n{everything}"
    assert elapsed <= limit, f"refused in {elapsed:.1f} s (at most {limit} s)"
    assert build.returncode != 0, build_out
    assert "le site précédent n'a pas été modifié" in build_err
    assert after == before, "the previous site folder was changed by a failed build"
    assert not leftovers, f"a failed build left files behind: {leftovers}"
