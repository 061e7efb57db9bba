"""The ICS feeds: which events each feed carries, their times, rules, alarms and UIDs.

Expectations come from the data files read with plain PyYAML (``raw_data``), not
from :mod:`macros.domaine.evenements` and :mod:`macros.sorties.ics`; the feeds are parsed back with icalendar, and with ical.js
under Node (the parser family of Thunderbird).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from dateutil.rrule import rrulestr
from helpers import ROOT, TODAY, contexte, data_dir, donnees_modifiees
from icalendar import Calendar

from macros import charger
from macros.domaine.evenements import evenements, evenements_du_flux
from macros.domaine.faits import Faits
from macros.domaine.sante import DELAI_AUDIT, DELAI_TEST
from macros.donnees.catalogue import PAGE_PARTIE, url_de
from macros.donnees.modele import FREQUENCES_ROUTINE, Frequence, Jour, Partie, Routine
from macros.pages.annee import abonnement_calendrier, sigles
from macros.sorties.ics import ecrire_calendriers

SITE = "https://manuel.example.org/kine/"
PARIS = ZoneInfo("Europe/Paris")
NODE_SCRIPT = ROOT / "tests" / "tools" / "parse-ics.mjs"
ICAL_JS = ROOT / "tests" / "tools" / "node_modules" / "ical.js"
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
ICS_JOURS = {"lundi": "MO", "mardi": "TU", "mercredi": "WE", "jeudi": "TH", "vendredi": "FR"}
#: Procedures whose routine's role does each member check (see macros/sorties/ics.py).
CHECK_PROCEDURES = {"audit": "audit-acces", "test": "test-recuperation"}


def plain(text: str) -> str:
    """Text as read: French non-breaking spaces count as spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --- independent expectations from the raw YAML ---------------------------------------------


def nth_weekday(year: int, month: int, jour: str, n: int) -> date:
    weekday = JOURS.index(jour)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def months_of(routine: dict) -> list[int]:
    if routine["frequence"] in ("mensuelle", "hebdomadaire"):
        return list(range(1, 13))
    return sorted(routine["mois"])


def year_dates(routine: dict, year: int) -> list[date]:
    """Every date of a raw routine in ``year``."""
    jour = routine.get("jour", "lundi")
    if routine["frequence"] == "hebdomadaire":
        d = nth_weekday(year, 1, jour, 1)
        out = []
        while d.year == year:
            out.append(d)
            d += timedelta(days=7)
        return out
    return [nth_weekday(year, m, jour, routine.get("semaine", 1)) for m in months_of(routine)]


def hhmm(value: str | None, default: time = time(9, 0)) -> time:
    return time.fromisoformat(value) if value else default


def duration(raw: dict, procedure_id: str | None) -> timedelta:
    for p in raw["procedures"]["procedures"]:
        if p["id"] == procedure_id:
            return timedelta(minutes=p["duree_minutes"])
    return timedelta(minutes=30)


def cotisants(raw: dict) -> list[dict]:
    """Members with an account still in the practice on TODAY."""
    today = TODAY
    return [
        m
        for m in raw["equipe"]["membres"]
        if m["situation"] != "non_affilie" and (m.get("depart") is None or m["depart"] > today)
    ]


def check_roles(raw: dict, procedure_id: str) -> list[str]:
    roles: list[str] = []
    for r in raw["calendrier"].get("routines", []):
        if r.get("procedure") == procedure_id and r["role"] not in roles:
            roles.append(r["role"])
    return roles


def expected_checks(raw: dict) -> list[tuple[str, date, str, list[str]]]:
    """(member id, due date, kind, roles whose feed carries it) for every member check."""
    out = []
    for m in cotisants(raw):
        for kind, key, delay in (
            ("audit", "dernier_audit_acces", DELAI_AUDIT),
            ("test", "dernier_test_recuperation", DELAI_TEST),
        ):
            dispenses = {d["controle"] for d in m.get("dispenses", [])}
            if m.get(key) and kind not in dispenses:
                due = m[key] + delay
                out.append((m["id"], due, kind, check_roles(raw, CHECK_PROCEDURES[kind])))
    return out


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hb():
    return charger(data_dir(), TODAY).handbook


@pytest.fixture(scope="module")
def feeds(hb, tmp_path_factory) -> dict[str, Path]:
    written = ecrire_calendriers(Faits(hb), tmp_path_factory.mktemp("feeds"), SITE)
    return {p.name: p for p in written}


def parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_by_uid(path: Path) -> dict[str, object]:
    return {str(e["UID"]): e for e in parse(path).walk("VEVENT")}


def summary(event) -> str:
    return plain(str(event["SUMMARY"]))


# --- the feeds and what they carry -----------------------------------------------------------


def test_one_global_feed_and_one_feed_per_role(feeds, raw_data):
    roles = [r["id"] for r in raw_data["roles"]["roles"]]
    assert list(feeds) == ["calendrier.ics", *(f"calendrier-{r}.ics" for r in roles)]
    cabinet = raw_data["cabinet"]["cabinet"]["nom"]
    names = {r["id"]: r["nom"] for r in raw_data["roles"]["roles"]}
    for name, path in feeds.items():
        cal = parse(path)
        assert str(cal["VERSION"]) == "2.0"
        assert str(cal["CALSCALE"]) == "GREGORIAN"
        assert str(cal["PRODID"]).startswith("-//")
        role = name.removeprefix("calendrier-").removesuffix(".ics")
        expected = f"{cabinet} — " + (
            "Tout le cabinet" if name == "calendrier.ics" else names[role]
        )
        assert str(cal["X-WR-CALNAME"]) == expected
        assert str(cal["X-WR-TIMEZONE"]) == "Europe/Paris"


def test_global_feed_carries_every_routine_deadline_and_check(feeds, raw_data):
    cal = raw_data["calendrier"]
    events = [summary(e) for e in parse(feeds["calendrier.ics"]).walk("VEVENT")]
    routines = [r for r in cal.get("routines", []) if r["frequence"] in FREQUENCES_ROUTINE]
    checks = expected_checks(raw_data)
    assert len(events) == len(routines) + len(cal.get("echeances", [])) + len(checks)
    for r in routines:
        assert r["titre"] in events
    for e in cal.get("echeances", []):
        assert f"Échéance : {e['titre']}" in events
    members = {m["id"]: m["nom"] for m in raw_data["equipe"]["membres"]}
    for member, _, kind, _ in checks:
        word = "Audit des accès" if kind == "audit" else "Test « Mot de passe oublié »"
        assert f"{word} à faire : {members[member]}" in events


def test_each_role_feed_carries_its_roles_events(feeds, raw_data):
    cal = raw_data["calendrier"]
    members = {m["id"]: m["nom"] for m in raw_data["equipe"]["membres"]}
    checks = expected_checks(raw_data)
    assert checks, "the example data should give member checks"
    seen_non_empty = 0
    for role in (r["id"] for r in raw_data["roles"]["roles"]):
        titles = sorted(summary(e) for e in parse(feeds[f"calendrier-{role}.ics"]).walk("VEVENT"))
        expected = [r["titre"] for r in cal.get("routines", []) if r["role"] == role]
        expected += [
            f"Échéance : {e['titre']}" for e in cal.get("echeances", []) if e["role"] == role
        ]
        for member, _, kind, roles in checks:
            if role in roles:
                word = "Audit des accès" if kind == "audit" else "Test « Mot de passe oublié »"
                expected.append(f"{word} à faire : {members[member]}")
        assert titles == sorted(expected), role
        seen_non_empty += bool(expected)
    assert seen_non_empty >= 2


def test_routines_start_at_their_first_date_of_the_year_with_their_duration(feeds, raw_data):
    cal = raw_data["calendrier"]
    events = {summary(e): e for e in parse(feeds["calendrier.ics"]).walk("VEVENT")}
    for r in cal["routines"]:
        event = events[r["titre"]]
        start = event.decoded("DTSTART")
        first = year_dates(r, cal["annee"])[0]
        assert start == datetime.combine(first, hhmm(r.get("heure")), tzinfo=PARIS), r["id"]
        assert start.tzinfo.key == "Europe/Paris"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event.decoded("DTEND") - start == duration(raw_data, r.get("procedure")), r["id"]


def test_rrules_give_exactly_the_routines_dates(feeds, raw_data):
    """Expanding each RRULE over the year gives the routine's dates, whatever its frequency."""
    cal = raw_data["calendrier"]
    year = cal["annee"]
    events = {summary(e): e for e in parse(feeds["calendrier.ics"]).walk("VEVENT")}
    frequencies = set()
    for r in cal["routines"]:
        event = events[r["titre"]]
        start = event.decoded("DTSTART")
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
        got = [
            d.date()
            for d in rule.between(start, datetime(year, 12, 31, 23, 59, tzinfo=PARIS), inc=True)
        ]
        assert got == year_dates(r, year), r["id"]
        frequencies.add(r["frequence"])
    assert len(frequencies) >= 3


def _routine(frequence: Frequence, **kw) -> Routine:
    return Routine(
        id=f"r-{frequence.value}",
        titre=f"Routine {frequence.libelle}",
        frequence=frequence,
        role="assistant",
        **kw,
    )


@pytest.mark.parametrize(
    ("frequence", "kw", "expected"),
    [
        (Frequence.hebdomadaire, {"jour": Jour.mercredi}, "FREQ=WEEKLY;BYDAY=WE"),
        (Frequence.mensuelle, {"semaine": 3, "jour": Jour.mardi}, "FREQ=MONTHLY;BYDAY=+3TU"),
        (
            Frequence.trimestrielle,
            {"semaine": 2, "jour": Jour.jeudi, "mois": [2, 5, 8, 11]},
            "FREQ=YEARLY;BYDAY=+2TH;BYMONTH=2,5,8,11",
        ),
        (
            Frequence.semestrielle,
            {"semaine": 4, "jour": Jour.vendredi, "mois": [3, 9]},
            "FREQ=YEARLY;BYDAY=+4FR;BYMONTH=3,9",
        ),
        (Frequence.annuelle, {"semaine": 1, "mois": [10]}, "FREQ=YEARLY;BYDAY=+1MO;BYMONTH=10"),
    ],
)
def test_rrule_for_each_frequency(hb, tmp_path, frequence, kw, expected):
    routine = _routine(frequence, **kw)
    calendrier = hb.calendrier.model_copy(update={"routines": [routine], "echeances": []})
    written = ecrire_calendriers(
        Faits(hb.model_copy(update={"calendrier": calendrier})), tmp_path, None
    )
    event = events_by_uid(written[0])
    (uid,) = [u for u in event if u.startswith("routine-")]
    assert event[uid]["RRULE"].to_ical().decode() == expected
    raw = {"frequence": frequence.value, "jour": routine.jour.value, "semaine": routine.semaine}
    raw["mois"] = list(routine.mois)
    start = event[uid].decoded("DTSTART")
    assert start.date() == year_dates(raw, hb.calendrier.annee)[0]
    got = rrulestr(expected, dtstart=start)
    until = datetime(hb.calendrier.annee, 12, 31, 23, 59, tzinfo=PARIS)
    assert [d.date() for d in got.between(start, until, inc=True)] == year_dates(
        raw, hb.calendrier.annee
    )


# --- deadlines and their alarms --------------------------------------------------------------


def test_deadlines_are_timed_events_with_an_alarm_at_the_configured_lead_time(feeds, raw_data):
    cal = raw_data["calendrier"]
    lead = timedelta(days=cal.get("rappel_jours_avant", 7))
    events = {summary(e): e for e in parse(feeds["calendrier.ics"]).walk("VEVENT")}
    assert cal["echeances"]
    for e in cal["echeances"]:
        event = events[f"Échéance : {e['titre']}"]
        start = event.decoded("DTSTART")
        assert start == datetime.combine(e["date"], hhmm(e.get("heure")), tzinfo=PARIS)
        assert event.decoded("DTEND") - start == duration(raw_data, e.get("procedure"))
        assert "RRULE" not in event
        alarms = list(event.walk("VALARM"))
        assert len(alarms) == 1, e["id"]
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == -lead
        assert e["titre"] in plain(str(alarms[0]["DESCRIPTION"]))
    # Routines and member checks carry no alarm.
    others = [ev for t, ev in events.items() if not t.startswith("Échéance")]
    assert others and all(not list(ev.walk("VALARM")) for ev in others)


def _data_copy(tmp_path: Path, rappel: str) -> Path:
    """The data under test with its ``rappel_jours_avant:`` line replaced by ``rappel``."""
    source = (data_dir() / "calendrier.yml").read_text(encoding="utf-8")
    ligne = re.search(r"^rappel_jours_avant:.*\n", source, re.MULTILINE)
    assert ligne, "the data under test sets rappel_jours_avant"
    return donnees_modifiees(tmp_path, data_dir(), calendrier=(ligne.group(), rappel))


def _triggers(folder: Path, tmp_path: Path) -> set[timedelta]:
    hb = charger(folder, TODAY).handbook
    (path, *_) = ecrire_calendriers(Faits(hb), tmp_path / "out", None)
    return {a.decoded("TRIGGER") for a in parse(path).walk("VALARM")}


@pytest.mark.parametrize("days", [2, 0, 30])
def test_lead_time_edited_in_the_data_moves_every_alarm(tmp_path, days):
    folder = _data_copy(tmp_path, f"rappel_jours_avant: {days}\n")
    assert yaml.safe_load((folder / "calendrier.yml").read_text())["rappel_jours_avant"] == days
    assert _triggers(folder, tmp_path) == {-timedelta(days=days)}


def test_lead_time_defaults_to_seven_days(tmp_path):
    folder = _data_copy(tmp_path, "")
    assert "rappel_jours_avant" not in yaml.safe_load((folder / "calendrier.yml").read_text())
    assert _triggers(folder, tmp_path) == {-timedelta(days=7)}


# --- member checks ---------------------------------------------------------------------------


def test_member_checks_are_all_day_events_on_the_due_date(feeds, raw_data):
    members = {m["id"]: m["nom"] for m in raw_data["equipe"]["membres"]}
    events = list(parse(feeds["calendrier.ics"]).walk("VEVENT"))
    checks = expected_checks(raw_data)
    for member, due, kind, _ in checks:
        word = "Audit des accès" if kind == "audit" else "Test « Mot de passe oublié »"
        (event,) = [e for e in events if summary(e) == f"{word} à faire : {members[member]}"]
        assert event.decoded("DTSTART") == due
        assert not isinstance(event.decoded("DTSTART"), datetime)
        assert event.decoded("DTEND") == due + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    # Nobody without a CARPIMKO account gets a check.
    outsiders = [m["nom"] for m in raw_data["equipe"]["membres"] if m["situation"] == "non_affilie"]
    assert outsiders
    for name in outsiders:
        assert not [e for e in events if name in summary(e)]


def test_member_without_dates_gets_no_check(hb, tmp_path):
    membres = [
        m.model_copy(update={"dernier_audit_acces": None}) if i == 0 else m
        for i, m in enumerate(hb.equipe.membres)
    ]
    first = membres[0]
    assert first.a_un_compte
    equipe = hb.equipe.model_copy(update={"membres": membres})
    (path, *_) = ecrire_calendriers(Faits(hb.model_copy(update={"equipe": equipe})), tmp_path, None)
    titles = [summary(e) for e in parse(path).walk("VEVENT")]
    assert f"Audit des accès à faire : {first.nom}" not in titles
    assert f"Test « Mot de passe oublié » à faire : {first.nom}" in titles


# --- texts -----------------------------------------------------------------------------------


def test_descriptions_name_the_role_and_the_procedure_with_its_page(feeds, raw_data):
    roles = {r["id"]: r["nom"] for r in raw_data["roles"]["roles"]}
    procedures = {p["id"]: p for p in raw_data["procedures"]["procedures"]}
    cal = raw_data["calendrier"]
    events = {summary(e): e for e in parse(feeds["calendrier.ics"]).walk("VEVENT")}
    items = [(r["titre"], r) for r in cal["routines"]]
    items += [(f"Échéance : {e['titre']}", e) for e in cal["echeances"]]
    for title, item in items:
        event = events[title]
        text = plain(str(event["DESCRIPTION"]))
        assert f"Rôle responsable : {roles[item['role']]}." in text
        assert "<" not in text and "<" not in summary(event)
        pid = item.get("procedure")
        if pid is None:
            assert "URL" not in event
            continue
        url = SITE + url_de(PAGE_PARTIE[Partie(procedures[pid]["partie"])]) + f"#{pid}"
        assert f"Procédure : {procedures[pid]['titre']}" in text
        assert url in text
        assert str(event["URL"]) == url


def test_without_site_url_no_link_and_pages_html_without_directory_urls(hb, tmp_path):
    (path, *_) = ecrire_calendriers(Faits(hb), tmp_path / "a", None)
    assert b"http" not in path.read_bytes()
    (path, *_) = ecrire_calendriers(Faits(hb), tmp_path / "b", SITE, directory_urls=False)
    urls = {str(e["URL"]) for e in parse(path).walk("VEVENT") if "URL" in e}
    assert urls and all(".html#" in u for u in urls)


def test_feeds_use_crlf_lines_folded_at_75_octets(feeds):
    """RFC 5545 § 3.1: CRLF line ends, content lines of at most 75 octets, UTF-8."""
    for name, path in feeds.items():
        data = path.read_bytes()
        data.decode("utf-8")
        assert data.count(b"\n") == data.count(b"\r\n"), name
        assert max(len(line) for line in data.split(b"\r\n")) <= 75, name
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")


# --- time zone -------------------------------------------------------------------------------


def test_vtimezone_gives_the_tz_database_offsets_for_ten_years(feeds, raw_data):
    """Read back on its own, the feed's VTIMEZONE agrees with zoneinfo hour by hour."""
    (vtimezone,) = parse(feeds["calendrier.ics"]).walk("VTIMEZONE")
    tz = vtimezone.to_tz()
    year = raw_data["calendrier"]["annee"]
    moment = datetime(year, 1, 1, tzinfo=ZoneInfo("UTC"))
    changes = 0
    previous = None
    while moment.year < year + 10:
        offset = moment.astimezone(PARIS).utcoffset()
        assert moment.astimezone(tz).utcoffset() == offset, moment
        changes += offset != previous
        previous = offset
        moment += timedelta(hours=1)
    assert changes == 1 + 2 * 10


def test_every_feed_has_the_paris_vtimezone(feeds):
    for name, path in feeds.items():
        cal = parse(path)
        zones = list(cal.walk("VTIMEZONE"))
        assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"], name
        assert cal.get_missing_tzids() == set(), name
        assert {
            str(s["TZNAME"]) for s in zones[0].walk() if s.name in ("STANDARD", "DAYLIGHT")
        } == {
            "CET",
            "CEST",
        }
        for event in cal.walk("VEVENT"):
            if isinstance(event.decoded("DTSTART"), datetime):
                assert event["DTSTART"].params["TZID"] == "Europe/Paris"
                assert event["DTEND"].params["TZID"] == "Europe/Paris"


# --- stability -------------------------------------------------------------------------------


def test_uids_unique_and_files_byte_identical_across_builds(hb, tmp_path):
    first = ecrire_calendriers(Faits(hb), tmp_path / "one", SITE)
    # Another build date must not change anything: no clock, no randomness.
    later = hb.model_copy(update={"aujourdhui": hb.aujourdhui + timedelta(days=40)})
    second = ecrire_calendriers(Faits(later), tmp_path / "two", SITE)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        uids = [str(e["UID"]) for e in parse(a).walk("VEVENT")]
        assert len(uids) == len(set(uids)), a.name
    publication = hb.cabinet.manuel.date_publication
    for event in parse(first[0]).walk("VEVENT"):
        assert event.decoded("DTSTAMP") == datetime.combine(
            publication, time.min, tzinfo=ZoneInfo("UTC")
        )


def test_uids_hold_ids_not_dates(feeds, raw_data):
    """A new due date or a moved deadline keeps its UID: re-importing updates the event."""
    uids = set(events_by_uid(feeds["calendrier.ics"]))
    cal = raw_data["calendrier"]
    ids = [f"routine-{r['id']}@" for r in cal["routines"]]
    ids += [f"echeance-{e['id']}@" for e in cal["echeances"]]
    ids += [f"{kind}-{member}@" for member, _, kind, _ in expected_checks(raw_data)]
    assert sorted(u.split("@")[0] + "@" for u in uids) == sorted(ids)
    # The same event has the same UID in the role feed that carries it.
    for name, path in feeds.items():
        assert set(events_by_uid(path)) <= uids, name


# --- the page's links to the feeds -----------------------------------------------------------


@pytest.mark.parametrize(
    ("directory_urls", "href"), [(True, "../calendrier.ics"), (False, "calendrier.ics")]
)
def test_page_links_to_feeds_for_both_url_styles(hb, raw_data, directory_urls, href):
    html = abonnement_calendrier(contexte(hb, "calendrier.md", directory_urls), SITE)
    assert f'href="{href}"' in html
    tous = evenements(hb)
    vides = []
    for role in raw_data["roles"]["roles"]:
        lien = f'href="{href.replace("calendrier.ics", "calendrier-" + role["id"] + ".ics")}"'
        adresse = f"{SITE}calendrier-{role['id']}.ics"
        if evenements_du_flux(tous, role["id"]):
            assert lien in html
            assert adresse in plain(html).replace("&#95;", "_")
        else:  # an empty calendar is not offered, and the page says so
            assert lien not in html and adresse not in plain(html).replace("&#95;", "_")
            vides.append(role["nom"])
    assert vides, "the example has roles with no event: the case is tested"
    note = plain(html)[plain(html).index("Sans événement pour l'instant") :]
    assert all(nom in note for nom in vides)
    without = abonnement_calendrier(contexte(hb, "calendrier.md", directory_urls), None)
    assert SITE not in without and "site_url" in without


def test_role_letters_are_unique_and_from_the_names(hb):
    letters = sigles(hb.roles.roles)
    assert len(set(letters.values())) == len(hb.roles.roles)
    for role in hb.roles.roles:
        assert role.nom.upper().startswith(letters[role.id][0].upper())


def test_page_and_feeds_share_one_list_of_events(hb, feeds):
    assert [e.uid for e in evenements(hb)] == [
        str(e["UID"]) for e in parse(feeds["calendrier.ics"]).walk("VEVENT")
    ]


# --- ical.js ---------------------------------------------------------------------------------


def test_every_feed_parses_in_ical_js(feeds, raw_data):
    node = shutil.which("node")
    if node is None:
        pytest.skip(
            "node n'est pas installé : la validation des calendriers par ical.js est sautée"
        )
    assert ICAL_JS.is_dir(), "ical.js manque : lancez « make node-tools »"
    year = raw_data["calendrier"]["annee"]
    result = subprocess.run(
        [node, str(NODE_SCRIPT), f"{year}-12-31", *map(str, feeds.values())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert len(parsed) == len(feeds)
    routines = {r["titre"]: r for r in raw_data["calendrier"]["routines"]}
    for summary_js, path in zip(parsed, feeds.values(), strict=True):
        py = events_by_uid(path)
        assert summary_js["version"] == "2.0"
        assert summary_js["timezones"] == ["Europe/Paris"]
        assert [e["uid"] for e in summary_js["events"]] == list(py), path.name
        for event in summary_js["events"]:
            assert plain(event["summary"]) == summary(py[event["uid"]])
            start = py[event["uid"]].decoded("DTSTART")
            if isinstance(start, datetime):
                # ical.js reads the feed's own VTIMEZONE: same instant as Python's tz database.
                assert event["startTzid"] == "Europe/Paris"
                assert event["startUtc"] == int(start.timestamp())
            title = plain(event["summary"])
            if title in routines:
                assert event["rrule"], title
                got = [date.fromisoformat(o[:10]) for o in event["occurrences"]]
                assert got == year_dates(routines[title], year), title
            else:
                assert event["rrule"] is None
            # Every occurrence, summer or winter, is the same instant as Python's tz database says.
            for local, instant in zip(event["occurrences"], event["occurrencesUtc"], strict=True):
                if instant is not None:
                    expected = datetime.fromisoformat(local).replace(tzinfo=PARIS)
                    assert instant == int(expected.timestamp()), (title, local)
            lead = raw_data["calendrier"].get("rappel_jours_avant", 7)
            if title.startswith("Échéance"):
                assert event["alarms"] == [f"-P{lead}D" if lead else "PT0S"]


def test_daylight_saving_time_is_right_in_summer_and_winter(feeds):
    """Local times stay local: 9 h in Paris is 08:00 UTC in winter and 07:00 UTC in summer."""
    cal = parse(feeds["calendrier.ics"])
    starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
    timed = [s for s in starts if isinstance(s, datetime)]
    winter = [s for s in timed if s.month in (11, 12, 1, 2)]
    summer = [s for s in timed if s.month in (5, 6, 7, 8, 9)]
    assert winter and summer
    assert {s.utcoffset() for s in winter} == {timedelta(hours=1)}
    assert {s.utcoffset() for s in summer} == {timedelta(hours=2)}
