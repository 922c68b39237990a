"""The timeline of the pilot (model/timeline.md, generated) and "the pilot in numbers".

Data: data/milestones.yml (projects, their milestones, dated events) and data/pilot-figures.yml.
Dates keep the precision the source gives (day, month or year); the page shows each one in a
`<time datetime>` element, grouped by project and milestone and sorted by date, with a simple
visual band of the milestones (inline SVG with a text alternative) and a panel of figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from ksiega.core.data import Problem
from ksiega.core.feature import Assets, Feature
from ksiega.core.handbook import Handbook
from ksiega.core.lang import LANGS, Lang
from ksiega.core.render import Templates, html_block, md_text
from ksiega.core.strings import fill, ui
from ksiega.toolkit import links
from ksiega.toolkit.citations import citation
from ksiega.toolkit.lang import format_number, month_names, plural

TEMPLATES = Templates(Path(__file__).parent)

PAGE = "model/timeline.md"
AFTER = "model/pilot.md"
FILE = "data/milestones.yml"
FIGURES_FILE = "data/pilot-figures.yml"

Precision = Literal["day", "month", "year"]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- Dates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A date as precise as its source: the day, the month or only the year."""

    date: dt.date
    precision: Precision
    planned: bool = False

    @classmethod
    def of(cls, value: dict[str, Any]) -> Point:
        return cls(dt.date.fromisoformat(value["date"]), value["precision"], bool(value.get("planned", False)))

    @property
    def iso(self) -> str:
        """The value for `<time datetime>`: 2019-06-26, 2019-06 or 2019."""
        return {"day": self.date.isoformat(), "month": self.date.isoformat()[:7], "year": str(self.date.year)}[
            self.precision
        ]


def point_label(point: Point, lang: Lang) -> str:
    nominative, genitive = month_names(lang)
    if point.precision == "year":
        return str(point.date.year)
    if point.precision == "month":
        return f"{nominative[point.date.month - 1]} {point.date.year}"
    return f"{point.date.day} {genitive[point.date.month - 1]} {point.date.year}"


def _time(point: Point, text: str) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(point.iso, text)


def date_html(start: Point, end: Point | None, lang: Lang) -> Markup:
    """`<time>` elements for a date or a range, written compactly: 26–27 czerwca 2019."""
    if end is None:
        return _time(start, point_label(start, lang))
    nominative, genitive = month_names(lang)
    same_year = start.date.year == end.date.year
    if start.precision == end.precision == "day" and same_year:
        if start.date.month == end.date.month:
            return Markup("{}–{}").format(_time(start, str(start.date.day)), _time(end, point_label(end, lang)))
        first = f"{start.date.day} {genitive[start.date.month - 1]}"
        return Markup("{} – {}").format(_time(start, first), _time(end, point_label(end, lang)))
    if start.precision == end.precision == "month" and same_year:
        return Markup("{}–{}").format(
            _time(start, nominative[start.date.month - 1]), _time(end, point_label(end, lang))
        )
    return Markup("{} – {}").format(_time(start, point_label(start, lang)), _time(end, point_label(end, lang)))


def months_text(count: int, lang: Lang, labels: Mapping[str, Any]) -> str:
    """ "16 miesięcy", "1 month"."""
    return f"{count} {plural(count, labels['month_forms'], lang)}"


# --- The timeline as data ---------------------------------------------------------------


@dataclass
class Item:
    """One line of the timeline: a dated event or the start/end of a milestone."""

    id: str
    start: Point
    end: Point | None
    text: dict[str, str]  # lang -> plain text
    sources: list[str]
    kind: Literal["milestone-start", "event", "milestone-end"] = "event"
    type: str = ""  # event type id
    year_inferred: bool = False
    date_note: dict[str, str] | None = None
    see: str | None = None

    def sort_key(self) -> tuple[dt.date, int, dt.date]:
        rank = {"milestone-start": 0, "event": 1, "milestone-end": 2}[self.kind]
        return (self.start.date, rank, (self.end or self.start).date)


@dataclass
class Milestone:
    record: dict[str, Any]
    items: list[Item] = field(default_factory=list)

    @property
    def start(self) -> Point | None:
        return Point.of(self.record["start"]) if "start" in self.record else None

    @property
    def end(self) -> Point | None:
        return Point.of(self.record["end"]) if "end" in self.record else None


@dataclass
class Project:
    record: dict[str, Any]
    milestones: list[Milestone] = field(default_factory=list)
    other: list[Item] = field(default_factory=list)


@dataclass
class Timeline:
    projects: list[Project]
    context: list[Item]


def _event_item(event: dict[str, Any]) -> Item:
    return Item(
        id=event["id"],
        start=Point.of(event["start"]),
        end=Point.of(event["end"]) if "end" in event else None,
        text=dict(event["title"]),
        sources=list(event["sources"]),
        type=event["type"],
        year_inferred=bool(event.get("year_inferred", False)),
        date_note=event.get("date_note"),
        see=event.get("see"),
    )


def build_timeline(data: dict[str, Any], words: Mapping[Lang, Mapping[str, Any]]) -> Timeline:
    """Group the events by project and milestone; every list sorted by date."""
    projects = {p["id"]: Project(p) for p in data["projects"]}
    milestones: dict[str, Milestone] = {}
    for record in sorted(data["milestones"], key=lambda m: m["number"]):
        milestone = Milestone(record)
        milestones[record["id"]] = milestone
        projects[record["project"]].milestones.append(milestone)
        for kind, key in (("milestone-start", "start"), ("milestone-end", "end")):
            if key in record:
                point = Point.of(record[key])
                label = kind.split("-")[1] + ("_planned" if point.planned else "")
                milestone.items.append(
                    Item(
                        id=f"{record['id']}-{key}",
                        start=point,
                        end=None,
                        text={lang: words[lang][label] for lang in LANGS},
                        sources=list(record["sources"]),
                        kind=kind,  # type: ignore[arg-type]
                    )
                )
    context: list[Item] = []
    for event in data["events"]:
        item = _event_item(event)
        if "milestone" in event:
            milestones[event["milestone"]].items.append(item)
        elif "project" in event:
            projects[event["project"]].other.append(item)
        else:
            context.append(item)
    for project in projects.values():
        project.other.sort(key=Item.sort_key)
        for milestone in project.milestones:
            milestone.items.sort(key=Item.sort_key)
    context.sort(key=Item.sort_key)
    return Timeline(list(projects.values()), context)


# --- Checks ------------------------------------------------------------------------------


def _point_problems(file: str, entry: str, name: str, value: dict[str, Any] | None) -> list[Problem]:
    """A month is written as its first day, a year as 1 January (so dates sort and compare)."""
    if value is None:
        return []
    try:
        point = Point.of(value)
    except ValueError:
        return []  # the schema already reports an impossible date
    if point.precision == "month" and point.date.day != 1:
        return [
            Problem(
                file,
                entry,
                f"{name}.date",
                f"'{value['date']}' has precision month: write the first day of the month "
                f"({point.date.replace(day=1).isoformat()})",
            )
        ]
    if point.precision == "year" and (point.date.month, point.date.day) != (1, 1):
        return [
            Problem(
                file,
                entry,
                f"{name}.date",
                f"'{value['date']}' has precision year: write 1 January ({point.date.year}-01-01)",
            )
        ]
    return []


def _order_problems(file: str, entry: str, record: dict[str, Any]) -> list[Problem]:
    if "start" in record and "end" in record:
        try:
            start, end = Point.of(record["start"]), Point.of(record["end"])
        except ValueError:
            return []
        if end.date < start.date:
            return [Problem(file, entry, "end.date", f"'{record['end']['date']}' is before the start")]
    return []


def check(handbook: Handbook) -> list[Problem]:
    data = handbook.data["milestones"]
    problems: list[Problem] = []
    milestones = {m["id"]: m for m in data["milestones"]}
    seen_numbers: dict[tuple[str, int], str] = {}
    for kind, records in (
        ("projects", data["projects"]),
        ("milestones", data["milestones"]),
        ("events", data["events"]),
    ):
        for record in records:
            for name in ("start", "end"):
                problems += _point_problems(FILE, record["id"], name, record.get(name))
            problems += _order_problems(FILE, record["id"], record)
            if kind == "milestones":
                key = (record["project"], record["number"])
                if key in seen_numbers:
                    problems.append(
                        Problem(
                            FILE, record["id"], "number", f"{record['number']} is also used by '{seen_numbers[key]}'"
                        )
                    )
                seen_numbers[key] = record["id"]
    for event in data["events"]:
        milestone = milestones.get(event.get("milestone", ""))
        if milestone is None:
            continue
        if event.get("project") != milestone["project"]:
            problems.append(
                Problem(
                    FILE,
                    event["id"],
                    "milestone",
                    f"'{milestone['id']}' belongs to project '{milestone['project']}', "
                    f"not '{event.get('project', '(none)')}'",
                )
            )
        problems += _outside_milestone(event, milestone)
    return problems


def _outside_milestone(event: dict[str, Any], milestone: dict[str, Any]) -> list[Problem]:
    """An event assigned to a milestone must fall within the milestone's known dates."""
    try:
        start = Point.of(event["start"])
        bounds = [Point.of(milestone[k]) if k in milestone else None for k in ("start", "end")]
    except ValueError:
        return []
    first, last = bounds
    if (first and start.date < first.date) or (last and start.date > last.date):
        span = " – ".join(p.iso if p else "…" for p in bounds)
        return [
            Problem(
                FILE,
                event["id"],
                "start.date",
                f"'{event['start']['date']}' is outside milestone '{milestone['id']}' ({span})",
            )
        ]
    return []


# --- Rendering ------------------------------------------------------------------------------


def item_markdown(
    item: Item, lang: Lang, types: dict[str, dict[str, str]], titles: dict[str, str], labels: Mapping[str, Any]
) -> str:
    date = str(date_html(item.start, item.end, lang))
    if item.year_inferred:
        date += f" *({md_text(labels['inferred'])})*"
    head = date
    if item.type:
        head += " " + str(Markup('<span class="kk-event-type">{}</span>').format(types[item.type][lang]))
    text = md_text(item.text[lang])
    if item.date_note:
        text += " " + md_text(item.date_note[lang])
    text += " " + citation(item.sources)
    if item.see:
        target = links.split(item.see)[0]
        href = links.href(PAGE, item.see)
        text += f" {md_text(labels['more'])}: [{md_text(titles[target])}]({href})."
    return f"1. {head}  \n   {text}"


def _list(
    items: list[Item], lang: Lang, types: dict[str, dict[str, str]], titles: dict[str, str], labels: Mapping[str, Any]
) -> str:
    body = "\n".join(item_markdown(item, lang, types, titles, labels) for item in items)
    return f'<div class="kk-timeline-list" markdown>\n\n{body}\n\n</div>'


def milestone_anchor(project_id: str, number: int) -> str:
    return f"{project_id}-m{number}"


def _milestone_markdown(
    project: Project,
    milestone: Milestone,
    lang: Lang,
    types: dict[str, dict[str, str]],
    titles: dict[str, str],
    labels: Mapping[str, Any],
) -> str:
    record = milestone.record
    number = record["number"]
    heading = f"### {md_text(labels['milestone'])} {ROMAN[number]}: {md_text(record['title'][lang])}"
    parts = [f"{heading} {{#{milestone_anchor(project.record['id'], number)}}}"]
    sentences = []
    if "duration_months" in record:
        duration = months_text(record["duration_months"], lang, labels)
        sentences.append(f"{md_text(labels['duration'])}: {md_text(duration)}.")
    if "note" in record:
        sentences.append(md_text(record["note"][lang]))
    elif "start" not in record and "end" not in record:
        sentences.append(md_text(labels["no_dates"]))
    if sentences:
        parts.append(" ".join(sentences) + " " + citation(record["sources"]))
    if milestone.items:
        parts.append(_list(milestone.items, lang, types, titles, labels))
    return "\n\n".join(parts)


def _project_markdown(
    project: Project, lang: Lang, types: dict[str, dict[str, str]], titles: dict[str, str], labels: Mapping[str, Any]
) -> str:
    record = project.record
    parts = [f"## {md_text(record['title'][lang])} {{#{record['id']}}}"]
    intro = []
    if "start" in record and "end" in record:
        start, end = Point.of(record["start"]), Point.of(record["end"])
        label = labels["period_planned"] if end.planned else labels["period"]
        intro.append(f"{md_text(label)}: {date_html(start, end, lang)}.")
    if "note" in record:
        intro.append(md_text(record["note"][lang]))
    if intro:
        parts.append(" ".join(intro) + " " + citation(record["sources"]))
    for milestone in project.milestones:
        parts.append(_milestone_markdown(project, milestone, lang, types, titles, labels))
    if project.other:
        parts.append(f"### {md_text(labels['other'])} {{#{record['id']}-other}}")
        parts.append(_list(project.other, lang, types, titles, labels))
    return "\n\n".join(parts)


def figure_text(figure: dict[str, Any], lang: Lang, labels: Mapping[str, Any]) -> str:
    number = format_number(figure["value"], figure.get("decimals", 0), lang)
    if "qualifier" in figure:
        number = f"{labels['more_than' if figure['qualifier'] == 'more-than' else 'about']} {number}"
    if "unit" in figure:
        number += "\u00a0" + figure["unit"][lang]
    return number


def figures_markdown(data: dict[str, Any], lang: Lang, intro: str, labels: Mapping[str, Any]) -> str:
    parts = [f"## {md_text(labels['figures'])} {{#pilot-in-numbers}}", md_text(intro)]
    for group in data["groups"]:
        parts.append(f"### {md_text(group['title'][lang])} {{#figures-{group['id']}}}")
        items = "\n".join(
            f"- **{md_text(figure_text(f, lang, labels))}** {md_text(f['label'][lang])} {citation(f['sources'])}"
            for f in group["figures"]
        )
        parts.append(f'<div class="kk-figures" markdown>\n\n{items}\n\n</div>')
    return "\n\n".join(parts)


# --- The visual band ---------------------------------------------------------------------------

BAND_WIDTH = 760
BAND_LEFT = 240  # room for the row labels
BAND_RIGHT = 20
ROW_HEIGHT = 38
AXIS_HEIGHT = 28
# One light fill per milestone number; the roman numeral on it tells them apart without colour.
BAND_FILLS = {1: "#c6dbf2", 2: "#cfe8cb", 3: "#fbe0b0", 4: "#e6d3ef"}


def _band_points(timeline: Timeline) -> list[dt.date]:
    """The dates the axis must cover: the projects' (context events outside them are left out)."""
    found = []
    for project in timeline.projects:
        for key in ("start", "end"):
            if key in project.record:
                found.append(Point.of(project.record[key]).date)
        for milestone in project.milestones:
            found += [p.date for p in (milestone.start, milestone.end) if p]
        found += [item.start.date for item in project.other]
    return found


def _event_sentence(item: Item, lang: Lang) -> str:
    """ "Koniec projektu po przesunięciu (30 listopada 2023)." """
    return f"{item.text[lang].rstrip('.')} ({point_label(item.start, lang)})."


def band_model(timeline: Timeline, lang: Lang, labels: Mapping[str, Any]) -> dict[str, Any]:
    """Coordinates and texts of the SVG band: one row per project, one for the context."""
    dates = _band_points(timeline)
    first_year, last_year = min(dates).year, max(dates).year
    axis_start, axis_end = dt.date(first_year, 1, 1), dt.date(last_year + 1, 1, 1)
    span = (axis_end - axis_start).days
    inner = BAND_WIDTH - BAND_LEFT - BAND_RIGHT

    def x(day: dt.date) -> float:
        return round(BAND_LEFT + (day - axis_start).days / span * inner, 1)

    def month_end(point: Point) -> dt.date:
        # A month-precise end covers the whole month; a year-precise one the whole year.
        if point.precision == "month":
            following = (point.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return following - dt.timedelta(days=1)
        if point.precision == "year":
            return dt.date(point.date.year, 12, 31)
        return point.date

    rows = []
    summaries = []
    for index, project in enumerate(timeline.projects):
        y = AXIS_HEIGHT + index * ROW_HEIGHT
        record = project.record
        row: dict[str, Any] = {"label": record["short"][lang], "y": y, "bar": None, "segments": [], "markers": []}
        summary = []
        if "start" in record and "end" in record:
            start, end = Point.of(record["start"]), Point.of(record["end"])
            row["bar"] = {"x": x(start.date), "width": round(x(month_end(end)) - x(start.date), 1)}
            summary.append(fill(labels, "band_project", start=point_label(start, lang), end=point_label(end, lang)))
        for milestone in project.milestones:
            name = f"{labels['milestone'].lower() if lang == 'pl' else 'milestone'} {ROMAN[milestone.record['number']]}"
            first, last = milestone.start, milestone.end
            if first and last:
                left, right = x(first.date), x(month_end(last))
                row["segments"].append(
                    {
                        "x": left,
                        "width": round(right - left, 1),
                        "centre": round((left + right) / 2, 1),
                        "number": milestone.record["number"],
                        "label": ROMAN[milestone.record["number"]],
                        "planned": last.planned,
                    }
                )
                summary.append(
                    fill(
                        labels, "band_from_to", label=name, start=point_label(first, lang), end=point_label(last, lang)
                    )
                )
            elif last:
                row["markers"].append(
                    {"x": x(last.date), "label": ROMAN[milestone.record["number"]], "planned": last.planned}
                )
                summary.append(fill(labels, "band_until", label=name, end=point_label(last, lang)))
            else:
                summary.append(fill(labels, "band_unknown", label=name))
        events = []
        for item in project.other:
            row["markers"].append({"x": x(item.start.date), "label": "", "planned": item.start.planned})
            events.append(_event_sentence(item, lang))
        rows.append(row)
        summaries.append(" ".join([f"{record['short'][lang]}: " + "; ".join(summary) + ".", *events]))
    context_y = AXIS_HEIGHT + len(timeline.projects) * ROW_HEIGHT
    context_markers = [
        {"x": x(item.start.date), "label": "", "planned": False}
        for item in timeline.context
        if first_year <= item.start.date.year <= last_year
    ]
    context_summary = " ".join(
        _event_sentence(item, lang) for item in timeline.context if first_year <= item.start.date.year <= last_year
    )
    summaries.append(f"{labels['band_context']}: {context_summary}")
    ticks = [{"x": x(dt.date(year, 1, 1)), "year": year} for year in range(first_year, last_year + 2)]
    return {
        "labels": labels,
        "width": BAND_WIDTH,
        "height": context_y + ROW_HEIGHT,
        "left": BAND_LEFT,
        "right": BAND_WIDTH - BAND_RIGHT,
        "axis_y": AXIS_HEIGHT - 8,
        "row_height": ROW_HEIGHT,
        "rows": rows,
        "context": {"label": labels["band_context"], "y": context_y, "markers": context_markers},
        "ticks": ticks,
        "title": fill(labels, "band_label", first=first_year, last=last_year),
        "fills": BAND_FILLS,
        "summaries": summaries,
    }


def band_html(timeline: Timeline, lang: Lang, labels: Mapping[str, Any]) -> str:
    return html_block(TEMPLATES.render("timeline-band.html", band=band_model(timeline, lang, labels)))


# --- The page ---------------------------------------------------------------------------------


def page_markdown(handbook: Handbook, lang: Lang) -> str:
    data = handbook.data["milestones"]
    labels = ui(handbook, "timeline", lang)
    timeline = build_timeline(data, {other: ui(handbook, "timeline", other) for other in LANGS})
    types = {t["id"]: t for t in data["event_types"]}
    titles = {base: page.title for base, page in handbook.docs.by_base(lang).items()}
    pilot = links.require(handbook.docs, AFTER, lang, links.Where(FILE, "page"))
    intro = md_text(data["page"]["intro"][lang])
    intro += f" {md_text(labels['more_about_pilot'])}: [{md_text(pilot.title)}]({links.relative(PAGE, AFTER)})."
    parts = [f"# {md_text(data['page']['title'][lang])}", intro, band_html(timeline, lang, labels).strip()]
    parts += [_project_markdown(project, lang, types, titles, labels) for project in timeline.projects]
    if timeline.context:
        parts.append(f"## {md_text(labels['context'])} {{#context}}")
        parts.append(_list(timeline.context, lang, types, titles, labels))
    parts.append(figures_markdown(handbook.data["pilot-figures"], lang, data["page"]["figures_intro"][lang], labels))
    return "\n\n".join(parts) + "\n"


def pages(handbook: Handbook) -> dict[str, str]:
    stem = PAGE[: -len(".md")]
    return {f"{stem}.{lang}.md": page_markdown(handbook, lang) for lang in LANGS}


def nav(handbook: Handbook) -> dict[str, list[str]]:
    return {AFTER: [PAGE]}


FEATURE = Feature(
    name="timeline",
    data=("milestones", "pilot-figures"),
    check=check,
    pages=pages,
    nav=nav,
    assets=Assets(css=("assets/css/timeline.css",), needed_on=lambda page: page.base == PAGE),
)
