"""Read the Markdown pages in docs/: language twins, titles, heading ids, citations, markers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ksiega.core.data import FRONT_MATTER, DataError, Problem, schema_name_of, split_front_matter
from ksiega.core.lang import LANGS, Lang
from ksiega.core.project import FRAGMENTS_DIR, rel

# [@id] or [@id1; @id2]
CITATION = re.compile(r"\[@(?P<ids>[a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
# <!-- kk:name args -->
MARKER = re.compile(r"<!--\s*kk:(?P<name>[a-z0-9-]+)(?P<args>(?:\s+[^>]*?)?)\s*-->")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*$")
HEADING_ID = re.compile(r"\{[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")
ELEMENT_ID = re.compile(r"""\bid=["'](?P<id>[^"']+)["']""")
FENCE = re.compile(r"^\s*(```|~~~)")


# A backslash escape of Markdown: \( \* \_ … (generated pages escape data text with md_text).
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~^<>])")


def plain_text(markdown: str) -> str:
    """Heading text as a reader sees it: Markdown escapes and HTML entities resolved
    ("Zespół \\(PZK\\)" -> "Zespół (PZK)"). Callers that put it into Markdown escape it again."""
    return html.unescape(MARKDOWN_ESCAPE.sub(r"\1", markdown))


def citation_ids(match: re.Match[str]) -> list[str]:
    return [part.strip().lstrip("@") for part in match.group("ids").split(";")]


@dataclass
class DocPage:
    """One Markdown file of one language."""

    src: str  # path inside docs/, e.g. "model/teams.pl.md"
    lang: Lang
    meta: dict[str, Any]
    body: str
    file: str = ""  # path relative to the project root, for messages
    schema: str | None = None  # schema named in the front matter, if any
    listed: bool = True  # False: built but kept out of the navigation (Feature.unlisted)

    @property
    def base(self) -> str:
        """The language-independent path MkDocs links use: "model/teams.md"."""
        return self.src[: -len(f".{self.lang}.md")] + ".md"

    @property
    def title(self) -> str:
        for line in prose_lines(self.body):
            match = HEADING.match(line)
            if match and len(match.group("hashes")) == 1:
                return plain_text(HEADING_ID.sub("", match.group("text")).strip())
        return str(self.meta.get("title", ""))

    def headings(self) -> list[tuple[int, str, str | None]]:
        """(level, text as a reader sees it, explicit id) of each heading below the title."""
        found = []
        for line in prose_lines(self.body):
            match = HEADING.match(line)
            if not match:
                continue
            level = len(match.group("hashes"))
            if level == 1:
                continue
            text = match.group("text")
            id_match = HEADING_ID.search(text)
            heading = plain_text(HEADING_ID.sub("", text).strip())
            found.append((level, heading, id_match.group("id") if id_match else None))
        return found

    def anchor_ids(self) -> set[str]:
        """Ids a link can point at: explicit heading ids and id="…" attributes."""
        ids = {h[2] for h in self.headings() if h[2]}
        ids |= {m.group("id") for m in ELEMENT_ID.finditer(self.body)}
        return ids

    def citations(self) -> Iterator[str]:
        for match in CITATION.finditer(strip_code(self.body)):
            yield from citation_ids(match)

    def markers(self) -> Iterator[tuple[str, str]]:
        for match in MARKER.finditer(self.body):
            yield match.group("name"), match.group("args").strip()


def prose_lines(text: str) -> Iterator[str]:
    """Lines outside fenced code blocks."""
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield line


def strip_code(text: str) -> str:
    """Text without fenced code blocks and inline code spans."""
    return re.sub(r"`[^`\n]*`", "", "\n".join(prose_lines(text)))


def blocks(text: str) -> Iterator[str]:
    """Blocks a reader sees as one unit: paragraphs, single list items, whole tables.

    Headings, HTML comments and admonition title lines are not blocks of prose.
    """
    current: list[str] = []

    def flush() -> Iterator[str]:
        if current:
            yield "\n".join(current)
            current.clear()

    for line in strip_code(text).splitlines():
        stripped = line.strip()
        if not stripped:
            yield from flush()
            continue
        if HEADING.match(stripped) or stripped.startswith("<!--") or re.match(r"^[!?]{3}", stripped):
            yield from flush()
            continue
        is_item = re.match(r"^\s*([-*+]|\d+[.)])\s+", line)
        is_table = stripped.startswith("|")
        if is_item or (is_table and current and not current[-1].lstrip().startswith("|")):
            yield from flush()
        current.append(line)
    yield from flush()


_NOT_FIGURES = [
    CITATION,
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\{[^}]*\}"),  # attribute lists
    re.compile(r"<[^>]+>"),  # HTML tags and their attributes
    re.compile(r"\bR\d{2}\b"),  # recommendation ids
    re.compile(r"^\s*\d+[.)]\s", re.MULTILINE),  # ordered-list numbers
    # Names that contain digits: not figures.
    re.compile(r"\bWCAG\s+2\.1\b|\bSARS-CoV-2\b|\bPDF/UA-1\b|\bKooperacj[aeiomy]*\s+3D\b|\bUD315\b"),
    re.compile(r"^\|?[\s:|-]+\|?$", re.MULTILINE),  # table separator rows
]


# `!!! recommendation "…"`: a box of the handbook's own recommendation (durations, rhythms),
# shown to the reader as guidance, so its figures need no source. Its body is the indented
# lines (and blank lines between them) that follow the opening line.
GUIDANCE_BOX = re.compile(
    r"""^(?P<indent>[ \t]*) [!?]{3}\+? [ \t]+ recommendation \b .* \n  # the opening line
    (?: (?:[ \t]*\n)* (?P=indent) [ \t]{4} .* \n? )*               # its indented body""",
    re.M | re.X,
)
# `!!! gaps "Stan wiedzy"`: the one box per page that says what the sources do not.
GAPS_BOX = re.compile(r"^[ \t]*[!?]{3}\+?[ \t]+gaps\b", re.M)


def without_guidance_boxes(text: str) -> str:
    """`text` without the bodies of `!!! recommendation` boxes."""
    return GUIDANCE_BOX.sub("\n", text)


def uncited_figures(text: str) -> list[str]:
    """Blocks that state a figure (contain a digit) but cite no source; the handbook's own
    recommendations (`!!! recommendation` boxes) say that they are guidance and are left out."""
    found = []
    for block in blocks(without_guidance_boxes(text)):
        if CITATION.search(block):
            continue
        rest = block
        for pattern in _NOT_FIGURES:
            rest = pattern.sub(" ", rest)
        if re.search(r"\d", rest):
            found.append(" ".join(block.split())[:90])
    return found


@dataclass
class Docs:
    """All pages of docs/, by language."""

    root: Path
    pages: list[DocPage] = field(default_factory=list)
    # The maps below, for the list of pages they were made from (pages ask thousands of times).
    _index: tuple[list[DocPage], int, dict[Lang | None, Mapping[str, DocPage]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def _map(self, lang: Lang | None) -> Mapping[str, DocPage]:
        index = self._index
        if index is None or index[0] is not self.pages or index[1] != len(self.pages):
            index = self._index = (self.pages, len(self.pages), {})
        if lang not in index[2]:
            found: dict[str, DocPage] = {}
            for page in self.pages:
                if lang is None:  # by src; the first of a src, as a search from the start finds it
                    found.setdefault(page.src, page)
                elif page.lang == lang:
                    found[page.base] = page
            index[2][lang] = MappingProxyType(found)
        return index[2][lang]

    def by_base(self, lang: Lang) -> Mapping[str, DocPage]:
        return self._map(lang)

    def by_src(self, src: str) -> DocPage | None:
        """The page of docs/<src> ("model/teams.pl.md")."""
        return self._map(None).get(src)

    def bases(self) -> set[str]:
        return {p.base for p in self.pages}

    def get(self, base: str, lang: Lang) -> DocPage | None:
        return self.by_base(lang).get(base)

    def anchors(self) -> dict[str, set[str]]:
        """Page -> the ids a link may point at in any language of it (ids that differ between the
        languages are the heading parity check's to report)."""
        found: dict[str, set[str]] = {}
        for page in self.pages:
            found.setdefault(page.base, set()).update(page.anchor_ids())
        return found


def page_lang(name: str) -> Lang | None:
    for lang in LANGS:
        if name.endswith(f".{lang}.md"):
            return lang
    return None


def page_from_text(src: str, lang: Lang, text: str, file: str) -> DocPage:
    """A page from its text (front matter and body); DataError on bad front matter."""
    meta, body = split_front_matter(text, file)
    front = FRONT_MATTER.match(text)
    schema = schema_name_of(front.group("yaml")) if front else None
    return DocPage(src=src, lang=lang, meta=meta, body=body, file=file, schema=schema)


def load_docs(docs_dir: Path, skip: Callable[[Path], bool] | None = None) -> tuple[Docs, list[Problem]]:
    """Read every page; report pages without a language suffix or without a twin.

    `skip` leaves out pages (the generated ones, when only hand-written pages are wanted).
    """
    docs = Docs(docs_dir)
    problems: list[Problem] = []
    unreadable: set[str] = set()  # pages whose front matter could not be read: reported once
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src.startswith(f"{FRAGMENTS_DIR}/") or (skip and skip(path)):
            continue
        file = rel(path, docs_dir.parent)
        lang = page_lang(path.name)
        if lang is None:
            problems.append(Problem(file, message="has no language suffix: name it page.pl.md and page.en.md"))
            continue
        try:
            docs.pages.append(page_from_text(src, lang, path.read_text(encoding="utf-8"), file))
        except DataError as exc:
            problems.extend(exc.problems)
            unreadable.add(src[: -len(f".{lang}.md")] + ".md")
    for base in sorted(docs.bases() - unreadable):
        for lang in LANGS:
            if docs.get(base, lang) is None:
                other = next(p for p in docs.pages if p.base == base)
                problems.append(Problem(other.file, message=f"has no {lang} twin ({base[:-3]}.{lang}.md)"))
    return docs, problems


def parity_problems(docs: Docs) -> list[Problem]:
    """Twins must have the same heading ids in the same order, and every heading an id."""
    problems = []
    pl_pages = docs.by_base("pl")
    en_pages = docs.by_base("en")
    for base, pl in sorted(pl_pages.items()):
        en = en_pages.get(base)
        for page in (pl, en):
            if page is None:
                continue
            if not page.title:
                problems.append(Problem(page.file, message="has no title: start the page with '# Title'"))
            for _level, text, hid in page.headings():
                if hid is None:
                    problems.append(Problem(page.file, message=f"heading '{text}' has no id: add {{#some-id}}"))
        if en is None:
            continue
        pl_ids = [h[2] for h in pl.headings() if h[2]]
        en_ids = [h[2] for h in en.headings() if h[2]]
        if pl_ids != en_ids:
            missing_en = [i for i in pl_ids if i not in en_ids]
            missing_pl = [i for i in en_ids if i not in pl_ids]
            if missing_en:
                problems.append(
                    Problem(en.file, message=f"lacks heading ids of its Polish twin: {', '.join(missing_en)}")
                )
            if missing_pl:
                problems.append(
                    Problem(pl.file, message=f"lacks heading ids of its English twin: {', '.join(missing_pl)}")
                )
            if not missing_en and not missing_pl:
                problems.append(Problem(en.file, message="has its heading ids in another order than its Polish twin"))
    return problems


def gaps_box_problems(docs: Docs) -> list[Problem]:
    """A page says what the sources do not in one `!!! gaps` box at most."""
    problems = []
    for page in docs.pages:
        count = len(GAPS_BOX.findall(strip_code(page.body)))
        if count > 1:
            problems.append(
                Problem(page.file, message=f"has {count} '!!! gaps' boxes: say what the sources do not in one box")
            )
    return problems
