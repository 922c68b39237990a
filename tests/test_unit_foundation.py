"""Pure functions of the foundation, without MkDocs."""

from __future__ import annotations

import markdown
import pytest

from ksiega.core.data import DataError, parse_yaml
from ksiega.core.docs import blocks, uncited_figures
from ksiega.core.render import md_text
from ksiega.site import extend_nav, render_markdown
from ksiega.toolkit.lang import first_letter, sort_key


def test_polish_alphabet_order() -> None:
    words = ["żółw", "łąka", "lato", "ćma", "cel", "ser", "śruba", "zebra", "źdźbło", "ala", "ąb"]
    ordered = sorted(words, key=lambda w: sort_key(w, "pl"))
    assert ordered == ["ala", "ąb", "cel", "ćma", "lato", "łąka", "ser", "śruba", "zebra", "źdźbło", "żółw"]


def test_index_letter_keeps_polish_capitals() -> None:
    assert first_letter("łąka", "pl") == "Ł"
    assert first_letter("„Szkoła”", "pl") == "S"


def test_md_text_escapes_html_and_markdown() -> None:
    html = markdown.markdown(md_text("<script>alert(1)</script> *bold* [link](http://x)"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<em>" not in html and "<a " not in html


def test_yaml_keeps_dates_as_text_and_yes_as_text() -> None:
    data = parse_yaml("when: 2019-06-26\nanswer: no\nflag: true\n", "x.yml")
    assert data == {"when": "2019-06-26", "answer": "no", "flag": True}


def test_yaml_refuses_aliases() -> None:
    with pytest.raises(DataError) as exc:
        parse_yaml("a: &x [1]\nb: *x\n", "x.yml")
    assert "aliases" in str(exc.value)


@pytest.mark.parametrize(
    ("markdown_text", "uncited"),
    [
        ("Zawiązano 15 zespołów [@a].", []),
        ("Zawiązano 15 zespołów.", ["Zawiązano 15 zespołów."]),
        ("- punkt 3 bez źródła\n- punkt cztery", ["- punkt 3 bez źródła"]),
        ("| a | b |\n|---|---|\n| 45 | x |\n\nTabela [@a].", ["| a | b | |---|---| | 45 | x |"]),
        ("Zob. [rozdział](procedure.md#step-2).", []),
        ("Rekomendacja R05 mówi…", []),
        ("Standard WCAG 2.1 na poziomie AA.", []),
        ("```\nkod 123\n```", []),
        ("## Nagłówek 2019 {#h}", []),
        # The handbook's own recommendation, in its box, is guidance: no source needed.
        ('!!! recommendation "Rekomendacja księgi"\n    Pierwsze spotkanie w ciągu 2–4 tygodni.\n', []),
        (
            '!!! recommendation "R"\n    Przeglądy co 6–8 tygodni.\n\n'
            "    | rola | godziny |\n    |---|---|\n    | koordynator | 10 |\n",
            [],
        ),
        # …but only inside it: the paragraph after the box, and figures in other boxes, still need one.
        ('!!! recommendation "R"\n    Co 6 tygodni.\n\nZespołów było 15.', ["Zespołów było 15."]),
        ('!!! note "Uwaga"\n    Zespołów było 15.', ["Zespołów było 15."]),
    ],
)
def test_uncited_figures(markdown_text: str, uncited: list[str]) -> None:
    assert uncited_figures(markdown_text) == uncited


def test_legal_state_box_names_the_day_and_the_data_protection_officer() -> None:
    from datetime import date

    from ksiega.core.project import ROOT
    from ksiega.core.strings import read
    from ksiega.features.legal import legal_state_box

    words = read(ROOT, "legal")
    polish = markdown.markdown(legal_state_box(date(2026, 12, 2), "pl", words["pl"]), extensions=["admonition"])
    assert "Stan prawny na 2 grudnia 2026 r." in polish
    assert "inspektorem ochrony danych" in polish
    english = markdown.markdown(legal_state_box(date(2026, 12, 2), "en", words["en"]), extensions=["admonition"])
    assert "The law as it stood on 2 December 2026" in english
    assert "data protection officer" in english


def test_blocks_split_list_items() -> None:
    assert list(blocks("Akapit\ndalej.\n\n- a\n- b\n")) == ["Akapit\ndalej.", "- a", "- b"]


def test_extend_nav_inserts_after_its_page_once() -> None:
    nav = ["index.md", {"Narzędzia": ["tools/index.md", "tools/other.md"]}]
    additions = {"tools/index.md": ["tools/a.md", "tools/b.md"]}
    once = extend_nav(nav, additions)
    assert once == ["index.md", {"Narzędzia": ["tools/index.md", "tools/a.md", "tools/b.md", "tools/other.md"]}]
    assert extend_nav(once, additions) == once


def test_data_text_is_escaped_in_rendered_page(minimal_project) -> None:
    """HTML in a data field reaches the reader as text, never as markup."""
    from ksiega.core.handbook import load_handbook

    recs = minimal_project / "data" / "recommendations.yml"
    recs.write_text(recs.read_text().replace('title: "Tytuł"', 'title: "<script>alert(1)</script>"'))
    page = minimal_project / "docs" / "index.pl.md"
    page.write_text(page.read_text() + "\n<!-- kk:recommendations -->\n")
    (minimal_project / "docs" / "index.en.md").write_text(
        (minimal_project / "docs" / "index.en.md").read_text() + "\n<!-- kk:recommendations -->\n"
    )
    handbook = load_handbook(minimal_project)
    out = render_markdown(handbook, "pl", "index.pl.md", page.read_text())
    html = markdown.markdown(out, extensions=["attr_list", "md_in_html"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_missing_shared_fragment_fails_instead_of_warning(tmp_path) -> None:
    from markdown_include.include import MarkdownInclude

    include = MarkdownInclude(configs={"base_path": str(tmp_path), "throwException": True})
    with pytest.raises(FileNotFoundError):
        markdown.markdown("{!missing.pl.md!}", extensions=[include])


def test_page_titles_and_headings_are_plain_text_even_when_generated_with_escapes() -> None:
    from ksiega.core.docs import DocPage, plain_text
    from ksiega.core.render import md_text

    text = "Umowa (PZK) – „a” & *b* [c] #1 _x_ <i> \\ koniec"
    assert plain_text(md_text(text)) == text
    page = DocPage(
        src="tools/x.pl.md",
        lang="pl",
        meta={},
        body=f"# {md_text(text)}\n\n## {md_text('Zespół (ZZK)')} {{#zzk}}\n",
    )
    assert page.title == text
    assert page.headings() == [(2, "Zespół (ZZK)", "zzk")]


def test_a_placeholder_the_code_does_not_fill_is_a_data_problem() -> None:
    from ksiega.core.strings import Strings, fill

    labels = Strings("checklists", {"progress": "{done} z {totl} zrobione"})
    with pytest.raises(DataError) as exc:
        fill(labels, "progress", done=3, total=5)
    assert str(exc.value.problems[0]) == (
        "data/strings/checklists.yml: progress uses {totl}, which the handbook does not fill in here "
        "(it fills in: {done}, {total})"
    )
    assert fill(Strings("checklists", {"progress": "{done} z {total}"}), "progress", done=3, total=5) == "3 z 5"


def test_once_per_key_renders_a_block_once_per_key() -> None:
    from ksiega.core.render import once_per_key

    calls: list[str] = []

    def caller(text: str):
        return lambda: calls.append(text) or f"<nav>{text}</nav>"

    once = once_per_key()
    assert once(("pl", 3), caller("a")) == "<nav>a</nav>"
    assert once(("pl", 3), caller("b")) == "<nav>a</nav>"  # the same key: the first rendering
    assert once(("en", 3), caller("c")) == "<nav>c</nav>"
    assert once(None, caller("d")) == "<nav>d</nav>" and once(None, caller("e")) == "<nav>e</nav>"
    assert calls == ["a", "c", "d", "e"]
    assert once_per_key()(("pl", 3), caller("f")) == "<nav>f</nav>"  # a new build starts afresh
