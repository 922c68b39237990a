"""The structure says what the code is: layers whose imports only point down, features that
never import each other, every feature registered and declared through the contract."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from ksiega import assets, site
from ksiega.core.data import Problem
from ksiega.core.feature import Assets, Feature, Marker

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ksiega"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every ksiega module a file imports (`from ksiega.x import y` counts ksiega.x and ksiega.x.y)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "ksiega" or name.startswith("ksiega.")}


def _unit(module: str) -> str | None:
    """The feature a module belongs to: ksiega.features.<name>, ksiega.pdf, ksiega.search."""
    parts = module.split(".")
    if parts[:2] == ["ksiega", "features"] and len(parts) > 2:
        return ".".join(parts[:3])
    if parts[:2] in (["ksiega", "pdf"], ["ksiega", "search"]):
        return ".".join(parts[:2])
    return None


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("core", "toolkit"):
        return parts[1]
    return "feature" if _unit(module) else "composition"


# What each layer may import from the package (besides itself).
ALLOWED = {
    "core": {"core"},
    "toolkit": {"core", "toolkit"},
    "feature": {"core", "toolkit"},
}


def test_imports_point_down_and_features_never_import_each_other() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        layer = _layer(module)
        for imported in _imports(path):
            if imported in ("ksiega",) or imported.split(".")[1] in ("__init__",):
                continue
            target = _layer(imported)
            if layer in ALLOWED and target not in ALLOWED[layer] | ({"feature"} if layer == "feature" else set()):
                wrong.append(f"{module} ({layer}) imports {imported} ({target})")
            elif layer == "feature" and target == "feature" and _unit(imported) != _unit(module):
                wrong.append(f"{module} imports another feature: {imported}")
    assert wrong == []


def test_the_package_does_not_import_mkdocs() -> None:
    """The logic runs without MkDocs: only hooks/ adapt MkDocs events to it."""
    users = [
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*.py")
        if any(
            isinstance(node, (ast.Import, ast.ImportFrom))
            and any(
                name.startswith("mkdocs")
                for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
            )
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert users == []


def test_every_feature_package_is_registered_once() -> None:
    packages = {path.parent.name.replace("_", "-") for path in (PACKAGE / "features").glob("*/__init__.py")}
    registered = [feature.name for feature in site.FEATURES]
    assert len(registered) == len(set(registered))
    assert packages <= set(registered)
    assert {"pdf", "search"} <= set(registered)


def test_the_features_declare_every_stylesheet_and_script_and_mkdocs_lists_none() -> None:
    """Pages link what the features declare (ksiega/assets.py): a file in the theme's css/ or js/
    folder that no feature declares would never reach a reader; mkdocs.yml lists none itself."""

    class Loose(yaml.SafeLoader):
        pass

    Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loose)  # noqa: S506
    assert "extra_css" not in config and "extra_javascript" not in config
    declared = {path for feature in site.FEATURES for path in (*feature.assets.css, *feature.assets.js)}
    declared |= {assets.THEME_CSS, assets.SHARED_CSS, assets.PAGE_JS}
    on_disk = {
        path.relative_to(ROOT / "overrides").as_posix()
        for folder in ("css", "js")
        for path in (ROOT / "overrides" / "assets" / folder).glob("*.*")
    }
    assert on_disk == declared


# --- The contract fails at import, not at build --------------------------------------------------


def _render(handbook: object, lang: object, page: object, args: object) -> str:
    return ""


def _check(handbook: object) -> list[Problem]:
    return []


def test_a_step_that_cannot_be_called_as_the_build_calls_it_fails_at_once() -> None:
    with pytest.raises(TypeError, match="feature 'broken': check takes 0 arguments, the build passes 1"):
        Feature(name="broken", check=lambda: [])  # type: ignore[arg-type,misc]


def test_a_misspelt_step_fails_at_once() -> None:
    with pytest.raises(TypeError, match="chek"):
        Feature(name="broken", chek=_check)  # type: ignore[call-arg]


def test_files_without_their_folder_fail_at_once() -> None:
    with pytest.raises(ValueError, match="`files` and `files_dir` go together"):
        Feature(name="broken", files=lambda handbook: {})


def test_an_unlisted_folder_must_be_a_docs_folder() -> None:
    with pytest.raises(ValueError, match="unlisted '/local' is not a docs folder"):
        Feature(name="broken", unlisted=("/local",))
    assert site.unlisted() == ["/local/services/"]  # MkDocs' not_in_nav patterns, from the features


def test_a_marker_declared_twice_fails_at_once() -> None:
    with pytest.raises(ValueError, match="declares a marker twice"):
        Feature(name="broken", markers=(Marker("same", _render), Marker("same", _render)))


def test_an_asset_that_does_not_exist_fails_at_once() -> None:
    with pytest.raises(ValueError, match=r"asset 'assets/js/nowhere\.js' does not exist"):
        Assets(js=("assets/js/nowhere.js",))


def test_every_registered_feature_declares_what_it_reads() -> None:
    for feature in site.FEATURES:
        for key in feature.data_keys:
            assert (ROOT / "data" / f"{key}.yml").is_file(), f"{feature.name}: data/{key}.yml"
