"""The timeline of the pilot (model/timeline.md) and the pilot in numbers: dates, order,
sources, grouping, the milestone band – checked in the pure functions and in the built pages.
Bad data (impossible dates, unknown sources, …) is covered by tests/fixtures/bad/timeline-*."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from sitepages import content, doc, text

from ksiega.core.handbook import load_handbook
from ksiega.core.project import ROOT
from ksiega.core.strings import read
from ksiega.features import timeline as feature

WORDS = read(ROOT, "timeline")  # the timeline's words (data/strings/timeline.yml)

URL = {"pl": "model/timeline/", "en": "en/model/timeline/"}
DATETIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(ROOT)


@pytest.fixture(scope="module")
def data(handbook):
    return handbook.data["milestones"]


def earliest(value: str) -> dt.date:
    """The first day a `<time datetime>` value can mean; raises on an impossible date."""
    assert DATETIME.match(value), f"'{value}' is not YYYY, YYYY-MM or YYYY-MM-DD"
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


# --- Pure functions ------------------------------------------------------------------------


def point(date: str, precision: str = "day", planned: bool = False) -> feature.Point:
    return feature.Point(dt.date.fromisoformat(date), precision, planned)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "lang", "shown"),
    [
        (point("2019-06-26"), point("2019-06-27"), "pl", "26–27 czerwca 2019"),
        (point("2019-06-26"), point("2019-06-27"), "en", "26–27 June 2019"),
        (point("2018-08-31"), point("2018-12-31"), "pl", "31 sierpnia – 31 grudnia 2018"),
        (point("2019-04-01", "month"), point("2019-12-01", "month"), "pl", "kwiecień–grudzień 2019"),
        (point("2018-04-01", "month"), point("2021-03-01", "month"), "en", "April 2018 – March 2021"),
        (point("2020-01-01", "year"), None, "pl", "2020"),
        (point("2020-01-10"), None, "pl", "10 stycznia 2020"),
    ],
)
def test_dates_are_written_as_precisely_as_known(start, end, lang, shown) -> None:
    html = str(feature.date_html(start, end, lang))
    assert re.sub(r"<[^>]+>", "", html) == shown
    datetimes = re.findall(r'datetime="([^"]+)"', html)
    assert datetimes == [p.iso for p in (start, end) if p]


def test_iso_keeps_only_the_known_part() -> None:
    assert point("2019-11-01", "month").iso == "2019-11"
    assert point("2020-01-01", "year").iso == "2020"
    assert point("2019-06-26").iso == "2019-06-26"


@pytest.mark.parametrize(
    ("count", "pl", "en"),
    [
        (1, "1 miesiąc", "1 month"),
        (3, "3 miesiące", "3 months"),
        (12, "12 miesięcy", "12 months"),
        (22, "22 miesiące", "22 months"),
    ],
)
def test_month_counts_agree_in_both_languages(count: int, pl: str, en: str) -> None:
    assert feature.months_text(count, "pl", WORDS["pl"]) == pl
    assert feature.months_text(count, "en", WORDS["en"]) == en


@pytest.mark.parametrize(
    ("value", "decimals", "pl", "en"),
    [
        (15, 0, "15", "15"),
        (2479, 0, "2479", "2,479"),
        (9966995.50, 2, "9\u00a0966\u00a0995,50", "9,966,995.50"),
        (12893583.46, 2, "12\u00a0893\u00a0583,46", "12,893,583.46"),
    ],
)
def test_numbers_follow_each_language(value: float, decimals: int, pl: str, en: str) -> None:
    assert feature.format_number(value, decimals, "pl") == pl
    assert feature.format_number(value, decimals, "en") == en


def test_every_list_of_the_timeline_is_sorted(data) -> None:
    timeline = feature.build_timeline(data, WORDS)
    lists = [m.items for p in timeline.projects for m in p.milestones] + [p.other for p in timeline.projects]
    for items in [*lists, timeline.context]:
        keys = [item.sort_key() for item in items]
        assert keys == sorted(keys)


def test_every_event_is_placed_once(data) -> None:
    timeline = feature.build_timeline(data, WORDS)
    placed = [
        item.id
        for items in [
            *(m.items for p in timeline.projects for m in p.milestones),
            *(p.other for p in timeline.projects),
        ]
        for item in items
        if item.kind == "event"
    ] + [item.id for item in timeline.context]
    assert sorted(placed) == sorted(e["id"] for e in data["events"])


def test_the_data_holds_what_the_issue_asks_for(data, handbook) -> None:
    """Four milestones for each project whose stages the sources give; the named events."""
    by_project: dict[str, list[int]] = {}
    for milestone in data["milestones"]:
        by_project.setdefault(milestone["project"], []).append(milestone["number"])
    assert sorted(by_project["kooperacje-3d"]) == [1, 2, 3, 4]
    assert sorted(by_project["liderzy-kooperacji"]) == [1, 2, 3, 4]
    events = {e["id"]: e for e in data["events"]}
    assert events["steering-katowice"]["start"]["date"] == "2019-06-26"
    assert events["steering-ustron"]["start"]["date"] == "2019-11-14"
    for inferred in ("czestochowa-declarations", "narewka-visit"):
        assert events[inferred]["year_inferred"] is True and events[inferred]["date_note"]
    figures = {f["id"]: f for g in handbook.data["pilot-figures"]["groups"] for f in g["figures"]}
    assert figures["k3d-pzk"]["value"] == 15 and figures["k3d-coaching-hours"]["qualifier"] == "more-than"


def test_band_covers_the_projects_and_describes_itself(data) -> None:
    band = feature.band_model(feature.build_timeline(data, WORDS), "pl", WORDS["pl"])
    assert band["ticks"][0]["year"] == 2018
    assert [row["label"] for row in band["rows"]] == [p["short"]["pl"] for p in data["projects"]]
    for row in band["rows"]:
        for shape in row["segments"]:
            assert band["left"] <= shape["x"] and shape["x"] + shape["width"] <= band["right"] + 0.5
    assert len(band["summaries"]) == len(data["projects"]) + 1


# --- The built page -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_date_is_valid_and_every_list_sorted(built_site: Path, lang: str) -> None:
    article = content(built_site, URL[lang])
    lists = article.cssselect(".kk-timeline-list ol")
    assert len(lists) >= 8
    for ol in lists:
        firsts = []
        for li in ol.cssselect("li"):
            times = li.cssselect("time")
            assert times, text(li)
            values = [earliest(t.get("datetime")) for t in times]
            assert values == sorted(values), text(li)
            firsts.append(values[0])
        assert firsts == sorted(firsts), [str(d) for d in firsts]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_every_item_cites_an_existing_source(built_site: Path, lang: str) -> None:
    article = content(built_site, URL[lang])
    bibliography = doc(built_site, ("" if lang == "pl" else "en/") + "about/sources/")
    items = article.cssselect(".kk-timeline-list li") + article.cssselect(".kk-figures li")
    assert items
    for li in items:
        cites = li.cssselect("sup.kk-cite a")
        assert cites, f"no citation: {text(li)}"
        for link in cites:
            _, _, anchor = urljoin(f"/{URL[lang]}", link.get("href")).partition("#")
            assert bibliography.cssselect(f'[id="{anchor}"]'), anchor


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_grouped_by_project_and_milestone(built_site: Path, data, lang: str) -> None:
    article = content(built_site, URL[lang])
    h2 = [h.get("id") for h in article.cssselect("h2")]
    assert [i for i in h2 if i in {p["id"] for p in data["projects"]}] == [p["id"] for p in data["projects"]]
    assert "context" in h2 and "pilot-in-numbers" in h2
    for milestone in data["milestones"]:
        anchor = feature.milestone_anchor(milestone["project"], milestone["number"])
        heading = article.cssselect(f'h3[id="{anchor}"]')
        assert heading and milestone["title"][lang] in text(heading[0])
    # Each event sits under its milestone: the first list after the milestone's heading.
    for event in data["events"]:
        if "milestone" not in event:
            continue
        milestone = next(m for m in data["milestones"] if m["id"] == event["milestone"])
        anchor = feature.milestone_anchor(milestone["project"], milestone["number"])
        heading = article.cssselect(f'h3[id="{anchor}"]')[0]
        block = heading.getnext()
        while block is not None and "kk-timeline-list" not in (block.get("class") or ""):
            block = block.getnext()
        assert block is not None and event["title"][lang].split(" – ")[0][:30] in text(block), event["id"]


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_inferred_years_say_so(built_site: Path, data, lang: str) -> None:
    article = content(built_site, URL[lang])
    marker = WORDS[lang]["inferred"]
    for event in data["events"]:
        if event.get("year_inferred"):
            item = [li for li in article.cssselect(".kk-timeline-list li") if event["title"][lang][:40] in text(li)]
            assert item and marker in text(item[0]) and event["date_note"][lang][:40] in text(item[0])


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_band_has_a_text_alternative(built_site: Path, data, lang: str) -> None:
    article = content(built_site, URL[lang])
    svg = article.cssselect("figure.kk-band svg")[0]
    assert svg.get("role") == "img"
    title = article.cssselect(f'[id="{svg.get("aria-labelledby")}"]')
    described = article.cssselect(f'[id="{svg.get("aria-describedby")}"]')
    assert title and text(title[0]) and described
    for project in data["projects"]:
        assert project["short"][lang] in text(described[0])
    assert not article.cssselect("figure.kk-band script, figure.kk-band img, figure.kk-band iframe")


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_pilot_in_numbers_shows_every_figure(built_site: Path, handbook, lang: str) -> None:
    article = content(built_site, URL[lang])
    for group in handbook.data["pilot-figures"]["groups"]:
        heading = article.cssselect(f'h3[id="figures-{group["id"]}"]')
        assert heading
        items = heading[0].getnext().cssselect("li")
        assert len(items) == len(group["figures"])
        for figure, li in zip(group["figures"], items, strict=True):
            assert text(li.cssselect("strong")[0]) == " ".join(feature.figure_text(figure, lang, WORDS[lang]).split())


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_the_pilot_chapter_links_to_the_timeline_which_follows_it(built_site: Path, data, lang: str) -> None:
    prefix = "" if lang == "pl" else "en/"
    pilot = f"{prefix}model/pilot/"
    targets = [urljoin(f"/{pilot}", a.get("href")).lstrip("/") for a in content(built_site, pilot).cssselect("a[href]")]
    assert URL[lang] in targets
    nav = doc(built_site, URL[lang]).cssselect("nav.md-nav--primary")[0]
    hrefs = [urljoin(f"/{URL[lang]}", a.get("href")).lstrip("/") for a in nav.cssselect("a.md-nav__link[href]")]
    assert hrefs.index(URL[lang]) == hrefs.index(pilot) + 1
    # The navigation and the browser tab use the page's own title, not one made from the file name.
    assert doc(built_site, URL[lang]).cssselect("title")[0].text.startswith(data["page"]["title"][lang])
    assert data["page"]["title"][lang] in [text(a) for a in nav.cssselect("a.md-nav__link")]
