"""The live preview follows every source: a real `mkdocs serve` on a small copy of the project
(the real hooks, overrides and package; the smallest valid data and pages).

Edit a data file -> the page changes; break it -> one line per problem, no traceback, the
server keeps running; fix it -> the page is back. A change to the package's code is picked up
on the next rebuild too."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_shared_data

from ksiega.cli import build_env

ROOT = Path(__file__).resolve().parents[1]
PAGE = "tools/checklists/first-list/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _small_config() -> str:
    """mkdocs.yml as it is, with the navigation of the small project (its one page) and omitted
    pages allowed (the generated ones are not listed in a navigation without their sections)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text[: text.index("\nnav:")] + "\nnav:\n  - index.md\n"
    return text.replace("omitted_files: warn", "omitted_files: info")


class Served:
    """A running `mkdocs serve` and everything it printed so far."""

    def __init__(self, project: Path, env: dict[str, str] | None = None) -> None:
        self.project = project
        self.port = _free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}", "--livereload"],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, what: str, check: object, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"mkdocs serve stopped:\n{self.output()}"
            if check():  # type: ignore[operator]
                return
            time.sleep(0.3)
        pytest.fail(f"timed out waiting for {what}:\n{self.output()}", pytrace=False)

    def page_has(self, text: str) -> bool:
        html = self.get(PAGE)
        return html is not None and text in html

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _small_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", project)
    copy_shared_data(project)
    for folder in ("hooks", "overrides", "ksiega"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "mkdocs.yml").write_text(_small_config(), encoding="utf-8")
    return project


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(_small_project(tmp_path))
    try:
        server.wait_for("the first build", lambda: server.page_has("Zrób to."))
        yield server
    finally:
        server.stop()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serve_follows_data_edits_and_survives_bad_data(served: Served) -> None:
    data = served.project / "data" / "checklists.yml"
    _edit(data, '{text: "Zrób to."}', '{text: "Zrób to teraz."}')
    served.wait_for("the edited item", lambda: served.page_has("Zrób to teraz."))

    # Broken YAML: the problem, one line, no traceback; the server keeps running.
    printed = len(served.lines)
    _edit(data, '{text: "Zrób to teraz."}', '{text: "Zrób to teraz."')
    served.wait_for("the problem report", lambda: "server keeps running" in "\n".join(served.lines[printed:]))
    report = "\n".join(served.lines[printed:])
    assert re.search(r"1 problem in the handbook's data or pages:\n.*\s+data/checklists\.yml: line \d+", report), report
    assert "Traceback" not in report
    assert served.process.poll() is None
    assert served.page_has("Zrób to teraz.")  # the last good site is still served

    # A missing translation: the same one-line message as `ksiega check`.
    printed = len(served.lines)
    _edit(data, '{text: "Zrób to teraz."', '{text: "Zrób to teraz."}')
    _edit(data, 'en: {text: "Do this."}', "en: {}")
    served.wait_for("the problem report", lambda: "server keeps running" in "\n".join(served.lines[printed:]))
    report = "\n".join(served.lines[printed:])
    assert "data/checklists.yml: entry 'first-list/first-section/first-item': en.text is missing" in report
    assert "Traceback" not in report

    # Fixed: the page is back, with the new text.
    _edit(data, "en: {}", 'en: {text: "Do this now."}')
    served.wait_for("the page to come back", lambda: served.page_has("Zrób to teraz."))
    served.wait_for("the English page", lambda: "Do this now." in (served.get("en/" + PAGE) or ""))


def test_serve_picks_up_changed_package_code(served: Served) -> None:
    """A constant in the package's code changes -> the next rebuild renders it (no restart)."""
    module = served.project / "ksiega" / "features" / "checklists" / "__init__.py"
    _edit(module, 'STORAGE_PREFIX = "ksiega:checklist:"', 'STORAGE_PREFIX = "ksiega:lista:"')
    served.wait_for("the new storage key", lambda: served.page_has("ksiega:lista:first-list"))


def test_serve_follows_ui_string_edits(served: Served) -> None:
    """The words around the data are data too: data/strings/ is watched like the rest."""
    strings = served.project / "data" / "strings" / "checklists.yml"
    _edit(strings, "pl: Wyczyść zaznaczenia", "pl: Wyczyść wszystkie zaznaczenia")
    served.wait_for("the new label", lambda: served.page_has("Wyczyść wszystkie zaznaczenia"))


def test_serve_with_a_local_edition_follows_edits_to_its_folder(tmp_path: Path) -> None:
    """scripts/serve --local local/<id> (KK_LOCAL): the gmina's folder is outside docs/ and data/,
    and an edit there rebuilds the section "Nasza gmina" too."""
    project = _small_project(tmp_path)
    folder = project / "local" / "example"
    server = Served(project, env={"KK_LOCAL": str(folder), "KK_TODAY": "2026-12-01"})
    try:
        server.wait_for("the local section", lambda: "Gmina Testowo" in (server.get("local/") or ""))
        _edit(folder / "gmina.yml", "pl: Gmina Testowo", "pl: Gmina Testowo Górne")
        server.wait_for("the edited name", lambda: "Gmina Testowo Górne" in (server.get("local/") or ""))
    finally:
        server.stop()


def test_serve_polish_only_builds_the_polish_pages_and_follows_edits(tmp_path: Path) -> None:
    """scripts/serve --polish-only (KK_BUILD_EN=false): a preview for writing, half the pages on
    each save; the English pages are not built, and an edit still reaches the Polish page."""
    project = _small_project(tmp_path)
    server = Served(project, env={"KK_BUILD_EN": "false"})
    try:
        server.wait_for("the first build", lambda: server.page_has("Zrób to."))
        assert server.get(f"en/{PAGE}") is None
        _edit(project / "data" / "checklists.yml", "Zrób to.", "Zrób to teraz.")
        server.wait_for("the edited item", lambda: server.page_has("Zrób to teraz."))
    finally:
        server.stop()
    # Every build makes both languages, whatever a preview left exported.
    assert build_env(None)["KK_BUILD_EN"] == "true"  # type: ignore[index]
