"""Set-up on a fresh machine: the system packages are detected, listed at once, and installed quietly.

The system is faked: a PATH holding only the executables a test puts there (``node``,
``npm``, an ``ldd`` that reports a missing library, an ``apt-get`` that writes thousands
of lines), a HOME without Playwright's browsers, and the few lookups of
:mod:`macros.sorties.navigateur` that read the real system.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.sorties import navigateur as browser

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux (ldd, apt)")

LDD_SANS_LIBATOMIC = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibatomic.so.1 => not found
\tlibdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f13)
\tlibatomic.so.1 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f13)
"""


def executable(dossier: Path, nom: str, script: str = "exit 0") -> Path:
    """A shell script ``nom`` in ``dossier`` (created), executable."""
    dossier.mkdir(parents=True, exist_ok=True)
    chemin = dossier / nom
    # The test's PATH holds only its own executables; the script may use the system's.
    chemin.write_text(f'#!/bin/sh\nPATH="$PATH:/usr/bin:/bin"\n{script}\n', encoding="utf-8")
    chemin.chmod(0o755)
    return chemin


def elf(chemin: Path) -> Path:
    """A file that looks like an ELF executable to :func:`browser.bibliotheques_absentes`."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_bytes(b"\x7fELF" + b"\0" * 60)
    chemin.chmod(0o755)
    return chemin


def fake_ldd(bin_dir: Path, absentes: dict[str, list[str]]) -> None:
    """An ``ldd`` that reports ``absentes[name]`` missing for each file whose name is ``name``."""
    cas = []
    for nom, libs in absentes.items():
        lignes = "".join(f"{lib} => not found\\n" for lib in libs)
        cas.append(f"  */{nom}) printf '{lignes}' ;;")
    corps = "\n".join(cas)
    executable(bin_dir, "ldd", f'case "$1" in\n{corps}\n  *) ;;\nesac\necho "libc.so.6 => /x"')


@pytest.fixture
def systeme(tmp_path, monkeypatch):
    """A bare system: nothing on PATH, no Playwright browser, no HANDBOOK_CHROMIUM, not root."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("HANDBOOK_CHROMIUM", raising=False)
    monkeypatch.delenv("PLAYWRIGHT_BROWSERS_PATH", raising=False)
    monkeypatch.setattr(browser, "_systeme", lambda: None)
    monkeypatch.setattr(browser, "_venv_disponible", lambda: True)
    monkeypatch.setattr(browser, "_est_root", lambda: False)
    # Playwright's driver: a fake ELF; the library check goes through the fake ldd.
    monkeypatch.setattr(browser, "pilote_playwright", lambda: elf(tmp_path / "driver" / "node"))
    monkeypatch.setattr(browser, "_cache_ldconfig", lambda: "")
    return bin_dir


def test_lire_ldd_lists_each_missing_library_once():
    assert browser.lire_ldd(LDD_SANS_LIBATOMIC) == ["libatomic.so.1"]
    assert browser.lire_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_ldconfig_cache_decides_whether_a_library_is_there():
    cache = (
        "1234 libs found in cache `/etc/ld.so.cache'\n"
        "\tlibatomic.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libatomic.so.1\n"
    )
    assert browser.bibliotheque_presente("libatomic.so.1", cache)
    assert not browser.bibliotheque_presente("libatomic.so.1", cache.splitlines()[0])
    assert not browser.bibliotheque_presente("libatomic.so", cache)


def test_bibliotheques_absentes_reads_ldd_and_ignores_scripts(systeme, tmp_path):
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    assert browser.bibliotheques_absentes(elf(tmp_path / "x" / "node")) == ["libatomic.so.1"]
    assert browser.bibliotheques_absentes(elf(tmp_path / "y" / "autre")) == []
    # /usr/bin/chromium on Debian is a shell script: nothing to check.
    assert browser.bibliotheques_absentes(executable(tmp_path / "z", "node")) == []


def test_a_bare_system_lacks_every_package_of_make_test(systeme, monkeypatch):
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    monkeypatch.setattr(browser, "_venv_disponible", lambda: False)
    assert browser.paquets_manquants(["python", "navigateur", "node"]) == [
        "python3-venv",
        "chromium-headless-shell",
        "libatomic1",
        "nodejs",
        "npm",
        "poppler-utils",
    ]
    assert browser.paquets_manquants(["node"]) == ["nodejs", "npm", "poppler-utils"]


def test_nothing_is_missing_when_everything_is_there(systeme, monkeypatch, tmp_path):
    fake_ldd(systeme, {})
    executable(systeme, "node")
    executable(systeme, "npm")
    executable(systeme, "pdftoppm")
    monkeypatch.setattr(browser, "_systeme", lambda: Path("/usr/bin/chromium"))
    assert browser.manques(["python", "navigateur", "node"]) == []
    assert browser.verifier_systeme() is None


def test_without_ldd_the_ldconfig_cache_is_used(systeme, monkeypatch):
    # No ldd on PATH (nor driver): libatomic1 is looked up in ldconfig's cache.
    monkeypatch.setattr(browser, "bibliotheques_absentes", lambda _: None)
    monkeypatch.setattr(browser, "_systeme", lambda: Path("/usr/bin/chromium"))
    assert browser.paquets_manquants() == ["libatomic1"]
    monkeypatch.setattr(
        browser, "_cache_ldconfig", lambda: "\tlibatomic.so.1 (libc6,x86-64) => /lib/x\n"
    )
    assert browser.paquets_manquants() == []


def test_an_unknown_library_of_the_driver_is_named(systeme, monkeypatch):
    fake_ldd(systeme, {"node": ["libinconnue.so.3"]})
    monkeypatch.setattr(browser, "_systeme", lambda: Path("/usr/bin/chromium"))
    assert browser.paquets_manquants() == []
    raison = browser.verifier_systeme()
    assert raison is not None and "libinconnue.so.3" in raison


def test_a_wrong_handbook_chromium_is_said(systeme, monkeypatch):
    fake_ldd(systeme, {})
    monkeypatch.setenv("HANDBOOK_CHROMIUM", "/nulle/part/chrome")
    raison = browser.verifier_systeme()
    assert raison is not None and "HANDBOOK_CHROMIUM" in raison and "/nulle/part/chrome" in raison
    # Debian's chromium would not help: HANDBOOK_CHROMIUM comes first.
    assert browser.paquets_manquants() == []


def test_a_downloaded_chromium_without_its_libraries(systeme, monkeypatch, tmp_path):
    fake_ldd(systeme, {"chrome": ["libnss3.so", "libgbm.so.1"]})
    bundled = elf(tmp_path / "home/.cache/ms-playwright/chromium-1/chrome-linux/chrome")
    # With no system Chromium it is the only one: Debian's chromium brings its libraries.
    assert browser.trouver_chromium() == bundled
    (manque,) = browser.manques()
    assert manque.paquet == "chromium-headless-shell" and "libnss3.so" in manque.raison
    # With a system Chromium, that one is used instead.
    monkeypatch.setattr(browser, "_systeme", lambda: Path("/usr/bin/chromium"))
    assert browser.trouver_chromium() == Path("/usr/bin/chromium")
    fake_ldd(systeme, {})
    assert browser.trouver_chromium() == bundled


def test_the_headless_shell_comes_before_the_full_browser(systeme, tmp_path):
    """Playwright downloads both; the shell prints and tests with less CPU."""
    fake_ldd(systeme, {})
    cache = tmp_path / "home/.cache/ms-playwright"
    elf(cache / "chromium-1/chrome-linux/chrome")
    shell = elf(
        cache / "chromium_headless_shell-1/chrome-headless-shell-linux64/chrome-headless-shell"
    )
    assert browser.trouver_chromium() == shell


def test_the_message_lists_everything_with_one_sudo_line(systeme, monkeypatch):
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    executable(systeme, "apt-get")
    executable(systeme, "sudo")
    message = browser.message_manquants(browser.manques(["navigateur", "node"]))
    lignes = message.splitlines()
    assert (
        lignes[0]
        == "Paquets système manquants (5) : chromium-headless-shell, libatomic1, nodejs, npm, "
        "poppler-utils."
    )
    assert (
        "  sudo apt-get install -y chromium-headless-shell libatomic1 nodejs npm poppler-utils"
        in lignes
    )
    assert message.count("apt-get install") == 1
    for paquet in ("chromium-headless-shell", "libatomic1", "nodejs", "npm", "poppler-utils"):
        assert f"  - {paquet} : " in message
    # The Playwright command is one that runs: through the project's Python, never bare.
    assert "-m playwright install chromium" in message
    assert not re.search(r"(?<!-m )playwright install chromium", message)
    assert "Traceback" not in message and "sudo n'est pas installé" not in message


def test_the_message_without_sudo_or_as_root(systeme):
    liste = [browser.Manque("nodejs", "Node.js"), browser.Manque("npm", "npm")]
    executable(systeme, "apt-get")
    sans_sudo = browser.message_manquants(liste, root=False)
    assert "sudo apt-get install -y nodejs npm" in sans_sudo
    assert "sudo n'est pas installé" in sans_sudo
    en_root = browser.message_manquants(liste, root=True)
    assert "  apt-get install -y nodejs npm" in en_root.splitlines()
    assert "sudo" not in en_root
    (systeme / "apt-get").unlink()
    assert "gestionnaire de paquets de votre système" in browser.message_manquants(liste)
    # One package: singular.
    un = browser.message_manquants([browser.Manque("python3-venv", "venv")], root=False)
    assert un.splitlines()[0] == "Paquet système manquant : python3-venv."
    assert "Installez-le " in un and "Installez-les" not in un


def test_verifier_systeme_is_one_french_line(systeme):
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    raison = browser.verifier_systeme()
    assert raison is not None and "\n" not in raison
    assert "libatomic1" in raison and "chromium-headless-shell" in raison
    assert "gestionnaire de paquets du système" in raison and "apt-get" not in raison
    executable(systeme, "apt-get")
    raison = browser.verifier_systeme()
    assert raison is not None
    assert raison.endswith(
        " — installez les paquets chromium-headless-shell, libatomic1 : « sudo apt-get install -y chromium-headless-shell libatomic1 »"
    )


def test_main_fails_with_one_message_and_no_traceback(systeme, capsys):
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    status = browser.main(["--installer", "navigateur", "--aussi", "node"])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.count("Paquets système manquants") == 1
    assert "sudo apt-get install -y chromium-headless-shell libatomic1 nodejs npm" in err
    # Playwright's download is not tried: its driver cannot start without libatomic1.
    assert "téléchargement" not in out.lower()


def test_the_download_is_tried_only_when_the_driver_can_start(systeme, monkeypatch):
    essais = []
    monkeypatch.setattr(browser, "_telecharger_chromium", lambda: essais.append(1))
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    assert browser.preparer(["navigateur"], installer=True) == 1
    assert essais == []
    fake_ldd(systeme, {})
    assert browser.preparer(["navigateur"], installer=True) == 1
    assert essais == [1]


def test_before_venv_a_non_root_user_learns_everything_at_once(systeme, capsys, monkeypatch):
    """The stamp's check: python is met, but the later steps lack packages no one can install."""
    fake_ldd(systeme, {"node": ["libatomic.so.1"]})
    assert browser.preparer(["python"], ["navigateur", "node"], installer=True) == 1
    err = capsys.readouterr().err
    assert (
        "sudo apt-get install -y chromium-headless-shell libatomic1 nodejs npm poppler-utils" in err
    )
    # Only Chromium missing, and Playwright's driver can start: its download may bring it.
    fake_ldd(systeme, {})
    executable(systeme, "node")
    executable(systeme, "npm")
    executable(systeme, "pdftoppm")
    assert browser.preparer(["python"], ["navigateur", "node"], installer=True) == 0
    assert capsys.readouterr().err == ""
    # As root with apt-get, the later steps install what they lack.
    (systeme / "node").unlink()
    executable(systeme, "apt-get")
    monkeypatch.setattr(browser, "_est_root", lambda: True)
    assert browser.preparer(["python"], ["navigateur", "node"], installer=True) == 0
    assert capsys.readouterr().err == ""
    assert browser.preparer(["python"], ["navigateur", "node"]) == 1


def test_main_refuses_an_unknown_need(capsys):
    with pytest.raises(SystemExit) as exc:
        browser.main(["navigateurs"])
    assert exc.value.code == 2
    assert "besoin inconnu : navigateurs" in capsys.readouterr().err


def test_as_root_apt_get_output_goes_to_the_log(systeme, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(browser, "_est_root", lambda: True)
    # apt-get "installs" node, npm and pdftoppm next to itself, after 3,000 lines of output.
    executable(
        systeme,
        "apt-get",
        'i=0; while [ $i -lt 3000 ]; do echo "Unpacking paquet-$i ..."; i=$((i+1)); done\n'
        'if [ "$1" = install ]; then shift 2; for p in "$@"; do echo "#!/bin/sh" > '
        f'"{systeme}/$p"; chmod +x "{systeme}/$p"; done; cp "{systeme}/nodejs" '
        f'"{systeme}/node"; cp "{systeme}/poppler-utils" "{systeme}/pdftoppm"; fi',
    )
    journal = tmp_path / "venv" / "apt-get.log"
    assert browser.preparer(["node"], installer=True, journal=journal) == 0
    out, err = capsys.readouterr()
    assert err == ""
    (ligne,) = out.splitlines()
    assert ligne.startswith(
        "Installation des paquets système manquants (nodejs npm poppler-utils) avec apt-get"
    )
    assert str(journal) in ligne and ligne.endswith(" s.")
    log = journal.read_text(encoding="utf-8")
    assert log.count("Unpacking paquet-") == 6000
    assert "apt-get install -y nodejs npm poppler-utils" in log


def test_as_root_a_failed_apt_get_shows_the_log_and_its_end(systeme, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(browser, "_est_root", lambda: True)
    executable(
        systeme,
        "apt-get",
        'seq 1 500\n[ "$1" = install ] && { echo "E: Unable to locate package nodejs"; exit 100; }'
        "\nexit 0",
    )
    journal = tmp_path / "apt-get.log"
    assert browser.preparer(["node"], installer=True, journal=journal) == 1
    out, err = capsys.readouterr()
    assert out.rstrip().endswith("échec.") and len(out.splitlines()) == 1
    assert f"journal complet : {journal}" in err
    assert "  E: Unable to locate package nodejs" in err
    # Only the end of the log, then the list of what is still missing.
    assert "  1\n" not in err
    assert "apt-get install -y nodejs npm" in err.splitlines()[-1]


def test_the_script_runs_with_the_systems_python_before_venv(tmp_path):
    """``python3 -P macros/sorties/navigateur.py``: standard library only, French, no traceback."""
    bin_dir = tmp_path / "bin"
    fake_ldd(bin_dir, {"node": ["libatomic.so.1"]})
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "HANDBOOK_CHROMIUM": str(tmp_path / "absent" / "chrome"),
        "LANG": "C.UTF-8",
    }
    # -S: no site-packages, as for a system Python without the project's packages.
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-P",
            str(ROOT / "macros" / "sorties" / "navigateur.py"),
            "node",
            "navigateur",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Paquets système manquants")
    assert "nodejs, npm" in result.stderr and "HANDBOOK_CHROMIUM" in result.stderr
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert f"\n  {sudo}apt-get install -y nodejs npm poppler-utils\n" in result.stderr


def test_the_makefile_leaves_apt_get_to_the_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recettes = [ligne for ligne in makefile.splitlines() if ligne.startswith("\t")]
    assert not [r for r in recettes if "apt-get" in r]
    # Checked with the system's Python before the virtual environment is created.
    stamp = makefile.split("$(STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert stamp.index("$(SYSTEME) --installer python") < stamp.index("-m venv")
