"""The bad-input corpus: every case in tests/bad_inputs/ must be refused cleanly.

Each case (one YAML file, format in tests/bad_inputs/README.md) breaks a fresh
copy of the example data. For each one, as a user would:

* ``python -m macros check`` exits non-zero, reports exactly the expected problems
  (``fichier:ligne:colonne`` and code of each), prints the expected French lines on
  stderr when the case gives them, and never a Python traceback. It runs in this
  process (:func:`macros.cli.main`, with the environment of the command), except for the
  cases with a ``duree_max``: YAML bombs and huge files run in a real process, killed
  past that time and under a memory limit that an expanded bomb would hit;
* for a sample of cases, one per family (:data:`CONSTRUITS`), ``python -m macros build
  --site-dir <site>`` in a real process exits non-zero and leaves the previous site
  folder exactly as it was. The build refuses invalid data before MkDocs runs (the same
  loading as ``check``), so a sample proves it for every case.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import pytest
import summary
import yaml
from helpers import ROOT, TODAY

from macros import cli
from macros.donnees.codes import CODES, famille
from macros.donnees.modele import FICHIERS

CASES_DIR = ROOT / "tests" / "bad_inputs"
#: The valid data every case starts from (its line numbers are those of the expected lines).
BASE = ROOT / "data"
CASES = sorted(CASES_DIR.glob("*.yml"))
#: Every process is stopped past this time (a case may ask for less with « duree_max »).
TIMEOUT_S = 60
#: Address-space limit of the ``check`` process: a YAML bomb that expanded would hit it.
MEMORY_LIMIT = 768 * 1024 * 1024
#: The environment of every run, as in CI (a case may add to it with « environnement »).
ENVIRONMENT = {"HANDBOOK_TODAY": TODAY.isoformat(), "HANDBOOK_PDF": "off", "HANDBOOK_PUBLIC": "1"}
#: Variables of a developer's shell that must not change a case's result.
UNSET = ("HANDBOOK_PRIVATE", "HANDBOOK_SERVE")

#: Cases also built by ``python -m macros build``: one per kind of mistake.
CONSTRUITS = (
    "fichier-latin1",  # the file cannot be read
    "syntaxe-tabulation",  # YAML syntax
    "cle-inconnue",  # schema
    "date-impossible",  # a value
    "membre-son-propre-back-up",  # a rule between files
    "prive-email-dans-le-nom",  # personal data
    "mot-de-passe-cle",  # a password
)

OPERATIONS = {"remplacer", "ajouter", "ecrire", "octets_hex", "octets_base64", "supprimer"}
OPERATIONS |= {"dossier", "generer", "repeter"}
CLES = {"description", "operations", "environnement", "codes", "attendu", "interdit", "duree_max"}

#: An expected code: ``data/equipe.yml:128:14 equipe.back-up-soi-meme`` (line, column optional).
CODE_ATTENDU = re.compile(r"^(?P<lieu>[^\s:]+(?::\d+){0,2}) (?P<code>\S+)$")
#: A problem line of the report: ``data/equipe.yml:128:14 — … [equipe.back-up-soi-meme]``.
LIGNE_PROBLEME = re.compile(r"^\s*(?P<lieu>\S+) — .* \[(?P<code>[a-z0-9.-]+)\]$")


def load_case(path: Path) -> dict[str, Any]:
    """Read and check one case file (a malformed case fails with a clear message)."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    assert set(case) <= CLES, f"{path.name}: unknown keys {set(case) - CLES}"
    assert str(case.get("description", "")).strip(), f"{path.name}: description missing"
    assert case.get("operations") or case.get("environnement"), f"{path.name}: no operation"
    assert case.get("codes"), f"{path.name}: no expected code"
    for line in case["codes"]:
        match = CODE_ATTENDU.fullmatch(line)
        assert match, f"{path.name}: « {line} » is not « fichier:ligne:colonne code »"
        assert match["code"] in CODES, f"{path.name}: unregistered code {match['code']}"
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
    for operation in case.get("operations") or ():
        apply(operation, data)
    return data


def environment(case: dict[str, Any], data: Path) -> dict[str, str]:
    """The variables a case runs with."""
    return {**ENVIRONMENT, "HANDBOOK_DATA": str(data), **case.get("environnement", {})}


# --- running the commands ------------------------------------------------------------------


class Run:
    """What one command did: exit status, output, time, and the exception that escaped."""

    def __init__(self, status: int | None, out: str, err: str, elapsed: float, crash: str = ""):
        self.status = status
        self.out = out
        self.err = err
        self.elapsed = elapsed
        self.crash = crash

    @property
    def everything(self) -> str:
        return self.out + self.err + self.crash


def check_in_process(case: dict[str, Any], data: Path, monkeypatch, capsys) -> Run:
    """``python -m macros check`` in this process, from the folder that holds ``data``."""
    monkeypatch.chdir(data.parent)  # messages then name the files « data/equipe.yml »
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment(case, data).items():
        monkeypatch.setenv(name, str(value))
    capsys.readouterr()
    crash = ""
    started = time.perf_counter()
    try:
        status: int | None = cli.main(["check"])
    except (Exception, SystemExit):
        # A user would see this traceback: it is a failure, reported as such.
        status, crash = None, traceback.format_exc()
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    return Run(status, out, err, elapsed, crash)


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def launch(case: dict[str, Any], data: Path, *args: str) -> Run:
    """Run ``python -m macros <args>`` on ``data`` in a real process, as a user would."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update({k: str(v) for k, v in environment(case, data).items()})
    # This checkout's code, whatever the folder the command runs from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    limit = _limit_memory if sys.platform.startswith("linux") and args[0] == "check" else None
    timeout = case.get("duree_max", TIMEOUT_S) if args[0] == "check" else TIMEOUT_S
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "macros", *args],
        cwd=data.parent,  # messages then name the files « data/equipe.yml »
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()  # its return code is then negative
        out, err = process.communicate()
    return Run(process.returncode, out, err, time.perf_counter() - started)


# --- what a run must show ------------------------------------------------------------------


def reported_codes(stderr: str) -> list[str]:
    """« fichier:ligne:colonne code » for every problem line of a report."""
    found = (LIGNE_PROBLEME.match(line) for line in stderr.splitlines())
    return sorted(f"{m['lieu']} {m['code']}" for m in found if m)


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines()}


def faults(case: dict[str, Any], run: Run) -> list[str]:
    """Why ``run`` (a refused ``check`` or ``build``) is not a clean refusal; empty if it is."""
    out: list[str] = []
    if run.crash or "Traceback" in run.everything:
        out.append(f"a traceback was printed:\n{run.everything}")
    if run.status in (0, None):
        out.append(f"exit status {run.status}, not an error:\n{run.out}")
    codes = reported_codes(run.err)
    if codes != sorted(case["codes"]):
        out.append(
            f"codes reported:\n{codes}\nexpected:\n{sorted(case['codes'])}\n--- stderr:\n{run.err}"
        )
    missing = [line for line in case.get("attendu", []) if line.strip() not in _lines(run.err)]
    if missing:
        out.append(f"expected lines missing from stderr:\n{missing}\n--- stderr:\n{run.err}")
    forbidden = [s for s in case.get("interdit", []) if s in run.everything]
    if forbidden:
        out.append(f"must not be printed: {forbidden}\n{run.everything}")
    return out


# --- the tests -----------------------------------------------------------------------------


def test_the_corpus_is_large_and_described():
    assert len(CASES) >= 55
    for path in CASES:
        load_case(path)


def test_full_sentences_are_kept_for_every_kind_of_mistake():
    """A few cases still pin the whole French line, one or more per family of codes."""
    with_lines = [load_case(p) for p in CASES if "attendu" in load_case(p)]
    assert 10 <= len(with_lines) <= 15, len(with_lines)
    families = {famille(line.split()[-1]) for case in with_lines for line in case["codes"]}
    rules = families & {"identifiants", "cabinet", "roles", "equipe", "calendrier", "actions"}
    rules |= families & {"procedures", "support", "journal"}
    assert {"fichier", "yaml", "schema", "valeur", "securite", "prive", "reglage"} <= families
    assert rules, families


def test_the_build_sample_covers_every_kind_of_mistake():
    families = set()
    for name in CONSTRUITS:
        case = load_case(CASES_DIR / f"{name}.yml")
        families |= {famille(line.split()[-1]) for line in case["codes"]}
    assert {"fichier", "yaml", "schema", "valeur", "equipe", "prive", "securite"} <= families


def test_the_unbroken_copy_is_valid(tmp_path, monkeypatch, capsys):
    """Without operations the copy is valid: each case fails because of its own change."""
    data = prepare({"operations": []}, tmp_path)
    run = check_in_process({}, data, monkeypatch, capsys)
    assert run.status == 0, run.everything
    assert "Données valides" in run.out
    assert run.err == ""


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input_is_refused_cleanly(path, tmp_path, monkeypatch, capsys):
    case = load_case(path)
    data = prepare(case, tmp_path)
    if "duree_max" in case:
        run = launch(case, data, "check")
    else:
        run = check_in_process(case, data, monkeypatch, capsys)
    limit = case.get("duree_max", TIMEOUT_S)
    problems = faults(case, run)
    if run.elapsed > limit:
        problems.append(f"refused in {run.elapsed:.1f} s (at most {limit} s)")
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "data")
    if leftovers:
        problems.append(f"files left behind: {leftovers}")
    summary.record("entrées invalides", essayées=1, refusées_proprement=int(not problems))
    assert not problems, "\n\n".join(problems)


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


@pytest.mark.parametrize("name", CONSTRUITS)
def test_a_refused_build_leaves_the_previous_site_untouched(name, tmp_path):
    case = load_case(CASES_DIR / f"{name}.yml")
    data = prepare(case, tmp_path)
    site = tmp_path / "site"
    before = previous_site(site)

    run = launch(case, data, "build", "--site-dir", str(site))

    problems = faults(case, run)
    assert not problems, "\n\n".join(problems)
    assert "le site précédent n'a pas été modifié" in run.err
    assert snapshot(site) == before, "the previous site folder was changed by a failed build"
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("data", "site"))
    assert not leftovers, f"a failed build left files behind: {leftovers}"
