"""The calendar page agrees with the ICS feeds, links to them, and shows the whole year."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.e2e

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def feed_events(site) -> dict[str, str]:
    cal = Calendar.from_ical((site / "calendrier.ics").read_bytes())
    return {str(e["UID"]): plain(str(e["SUMMARY"])) for e in cal.walk("VEVENT")}


def test_page_lists_the_same_events_as_the_global_feed(clean_page, base_url, site, raw_data):
    expected = feed_events(site)
    cal = raw_data["calendrier"]
    # The feed itself holds every routine and deadline of the data.
    assert len(expected) >= len(cal["routines"]) + len(cal["echeances"])
    clean_page.goto(base_url + "calendrier/")
    rows = clean_page.locator("table.hb-an-evenements tbody tr")
    shown = {
        rows.nth(i).get_attribute("data-uid"): plain(rows.nth(i).locator("th").inner_text())
        for i in range(rows.count())
    }
    assert rows.count() == len(expected)
    assert shown == expected
    # Each row names the responsible role of the data and links to the procedure.
    roles = {r["id"]: r["nom"] for r in raw_data["roles"]["roles"]}
    for e in cal["echeances"]:
        row = clean_page.locator(f'table.hb-an-evenements tr[data-date="{e["date"]}"]').filter(
            has_text=e["titre"]
        )
        assert row.count() == 1, e["id"]
        assert plain(row.locator("td").nth(2).inner_text()) == roles[e["role"]]
        if e.get("procedure"):
            href = row.locator("td").nth(3).locator("a").get_attribute("href")
            assert href.endswith(f"#{e['procedure']}")


def test_feed_links_resolve_on_the_served_site(clean_page, base_url, raw_data):
    clean_page.goto(base_url + "calendrier/")
    links = clean_page.locator('table.hb-flux a[href$=".ics"]')
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    offerts = [h.rsplit("/", 1)[-1] for h in hrefs]
    tous = ["calendrier.ics"] + [f"calendrier-{r['id']}.ics" for r in raw_data["roles"]["roles"]]
    assert offerts == [f for f in tous if f in offerts], "in the order of roles.yml"
    note = (
        plain(clean_page.locator("p.hb-flux-vides").all_inner_texts()[0])
        if (clean_page.locator("p.hb-flux-vides").count())
        else ""
    )
    for fichier, role in zip(tous, [None, *raw_data["roles"]["roles"]], strict=True):
        url = base_url + fichier
        response = clean_page.request.get(url)
        assert response.status == 200, url  # every feed is written, offered or not
        corps = response.body()
        assert corps.startswith(b"BEGIN:VCALENDAR"), url
        if fichier in offerts:
            assert b"BEGIN:VEVENT" in corps, f"{fichier} is offered but has no event"
        else:
            # An empty calendar is not offered, and the page names it.
            assert b"BEGIN:VEVENT" not in corps, f"{fichier} has events but is not offered"
            assert role is not None and role["nom"] in note, fichier
    for href in hrefs:
        url = urljoin(clean_page.url, href)
        assert url == base_url + href.rsplit("/", 1)[-1], "the feeds live at the site's root"


def test_year_view_shows_twelve_months_and_every_deadline(clean_page, base_url, raw_data):
    cal = raw_data["calendrier"]
    year = cal["annee"]
    clean_page.goto(base_url + "calendrier/")
    months = clean_page.locator("table.hb-an-mois")
    assert months.count() == 12
    for i in range(12):
        caption = plain(months.nth(i).locator("caption").inner_text())
        assert caption.lower().startswith(f"{MOIS[i]} {year}"), caption
        assert months.nth(i).get_attribute("data-mois") == f"{year}-{i + 1:02d}"
        assert months.nth(i).locator("thead th").count() == 7
    roles = {r["id"]: r["nom"] for r in raw_data["roles"]["roles"]}
    for e in cal["echeances"]:
        d: date = e["date"]
        # The day's cell, as a reader finds it: its number in its month's grid.
        month = clean_page.locator(f'table.hb-an-mois[data-mois="{d:%Y-%m}"]')
        cell = month.locator("td").filter(has_text=re.compile(rf"^{d.day}(?!\d)"))
        assert cell.count() == 1, e["id"]
        mark = cell.locator(".hb-an-echeance")
        assert mark.count() == 1, e["id"]
        # Colour is not alone: the mark carries the role's letter, and the day is described
        # (what a screen reader reads with it) by the échéance's row of the events table.
        assert plain(mark.inner_text())[:1] == roles[e["role"]][:1].upper()
        description = plain(
            " ".join(
                clean_page.locator(f"#{ref}").inner_text()
                for ref in cell.get_attribute("aria-describedby").split()
            )
        )
        assert e["titre"] in description and roles[e["role"]] in description, e["id"]
    # The legend names every role.
    legend = plain(clean_page.locator(".hb-an-legendes").inner_text())
    for name in roles.values():
        assert name in legend


def test_year_view_marks_every_routine_date(clean_page, base_url, raw_data):
    """Each routine's mark is on the weekday the data gives, in each of its months."""
    cal = raw_data["calendrier"]
    year = cal["annee"]
    jours = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
    clean_page.goto(base_url + "calendrier/")
    # Each marked day with a routine's mark, and the routines of the rows describing it.
    days = clean_page.evaluate(
        """() => [...document.querySelectorAll("table.hb-an-mois td")]
            .filter(td => td.querySelector(".hb-an-routine"))
            .map(td => [td.closest("table").dataset.mois + "-" + td.firstChild.nodeValue.padStart(2, "0"),
                td.getAttribute("aria-describedby").split(" ")
                .map(id => document.getElementById(id))
                .filter(tr => tr.dataset.genre === "routine")
                .map(tr => tr.querySelector("th").innerText)])"""
    )
    dates_by_title: dict[str, list[date]] = {}
    for day, titles in days:
        assert titles, day
        for title in titles:
            dates_by_title.setdefault(plain(title), []).append(date.fromisoformat(day))
    for r in cal["routines"]:
        days = dates_by_title[r["titre"]]
        assert all(d.year == year and d.weekday() == jours.index(r["jour"]) for d in days)
        months = (
            sorted(r["mois"])
            if r["frequence"] not in ("mensuelle", "hebdomadaire")
            else list(range(1, 13))
        )
        assert sorted({d.month for d in days}) == months, r["id"]
        if r["frequence"] != "hebdomadaire":
            assert all((d.day - 1) // 7 + 1 == r.get("semaine", 1) for d in days), r["id"]


def test_year_view_prints_on_one_a4_sheet(page, base_url):
    """In print, the twelve months sit in three columns and no month is split."""
    page.goto(base_url + "calendrier/")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    boxes = page.locator("table.hb-an-mois").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.height]; })"
    )
    assert len(boxes) == 12
    assert len({round(left) for left, _, _ in boxes}) == 3
    bottom = max(t + h for _, t, h in boxes)
    heading = page.locator(".hb-annee-section h2").bounding_box()
    # The section starts a printed page; its heading, legend and twelve months fit in
    # an A4 page's height less 12 mm margins (273 mm = 1032 px).
    assert (
        page.locator(".hb-annee-section").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    )
    assert bottom - heading["y"] < 1032
