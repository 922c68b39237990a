"""A gmina's local edition: its own partners and basket of services, from local/<id>/.

A gmina copies local/example/ (the fictional gmina Przykładowo) to local/<id>/ and edits its
YAML files; each names its JSON Schema on its first line (data/schemas/local-*.schema.json),
like the handbook's own data. `load_local` reads and validates them with the same loader and
the same one-line problems (file, entry, field), then adds what a schema cannot say:

- the TERYT code is a gmina's code, and the variant follows from it through the variant
  picker's own rules (ksiega/toolkit/variant_rules.py);
- the logo, when given, is a file in the folder;
- no service card was checked in the future ("today" is KK_TODAY=YYYY-MM-DD when set);
- a card checked longer ago than `stale_after_months` (default 6) is stale: a warning the
  build prints, and a flag on the card, never an error.

The result is `Handbook.local`; the feature ksiega/features/local makes the pages from it. Without
a local edition (`python -m ksiega build` with no `--local`) nothing here runs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

from ksiega.core.data import DataError, Document, Problem, Schemas, Validator, parse_yaml, schema_name_of
from ksiega.core.handbook import Handbook
from ksiega.core.project import rel
from ksiega.toolkit.variant_rules import rules, variant_of_teryt

# The environment variables the CLI and scripts/serve set (and the tests).
ENV_LOCAL = "KK_LOCAL"
ENV_TODAY = "KK_TODAY"
# The files of a local edition: file stem -> its schema.
FILES = {
    "gmina": "local-gmina.schema.json",
    "partnership": "local-partnership.schema.json",
    "partners": "local-partners.schema.json",
    "services": "local-services.schema.json",
    "crisis-contacts": "local-crisis-contacts.schema.json",
    "amendments": "local-amendments.schema.json",
}
DEFAULT_STALE_MONTHS = 6
# What a TERYT problem means, by the picker's error code.
TERYT_PROBLEMS = {
    "required": "is empty: write the gmina's seven-digit TERYT code",
    "letters": "'{value}' has characters that are not digits: a TERYT code has seven digits",
    "length": "'{value}' has {count} digits: a gmina's TERYT code has seven",
    "voivodeship": "'{value}' starts with '{ww}', which is no voivodeship's code",
    "powiat": "'{value}' has the powiat digits '00', which is no powiat",
    "town-part": "'{value}' ends in 4: the town inside an urban-rural gmina, not the gmina (its code ends in 3)",
    "rural-part": "'{value}' ends in 5: the rural area of an urban-rural gmina, not the gmina (its code ends in 3)",
    "warsaw-district": "'{value}' ends in 8: a district of Warsaw, not a gmina",
    "city-delegation": "'{value}' ends in 9: a delegation of a city, not a gmina",
    "type": "'{value}' ends in {type_digit}: a gmina's code ends in 1, 2 or 3",
}


def today() -> dt.date:
    """Today, or the day in KK_TODAY (YYYY-MM-DD) for tests and reproducible builds."""
    value = os.environ.get(ENV_TODAY, "")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError([Problem(ENV_TODAY, message=f"'{value}' is not a date in the form YYYY-MM-DD")]) from None


def folder_from_env() -> Path | None:
    value = os.environ.get(ENV_LOCAL, "")
    return Path(value).resolve() if value else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def _file_name(path: Path, root: Path) -> str:
    try:
        return rel(path, root)
    except ValueError:
        return path.as_posix()


def _read(folder: Path, root: Path, validator: Validator) -> tuple[dict[str, Any], list[Problem]]:
    content: dict[str, Any] = {}
    problems: list[Problem] = []
    for stem, schema in FILES.items():
        path = folder / f"{stem}.yml"
        file = _file_name(path, root)
        if not path.is_file():
            problems.append(
                Problem(file, message="is missing: every local edition has it (copy it from local/example/)")
            )
            continue
        text = path.read_text(encoding="utf-8")
        named = schema_name_of(text)
        if named != schema:
            problems.append(
                Problem(
                    file, message=f"must name its schema on its first line: '# yaml-language-server: $schema={schema}'"
                )
            )
            continue
        try:
            document = parse_yaml(text, file)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if document is None:
            problems.append(Problem(file, message="is empty"))
            continue
        content[stem] = document
        validator.add(Document(file, schema, document))
    return content, problems


def _teryt_problem(handbook: Handbook, file: str, code: str) -> tuple[Problem | None, str | None]:
    error, variant = variant_of_teryt(rules(handbook), code)
    if error is not None:
        message = TERYT_PROBLEMS.get(error["code"], "is not a gmina's TERYT code").format(**error["params"])
        return Problem(file, field="teryt", message=message), None
    return None, variant


def load_local(handbook: Handbook, folder: Path, day: dt.date | None = None) -> dict[str, Any]:
    """The local edition in `folder`, validated; raises DataError with every problem."""
    root = handbook.root
    folder = folder.resolve()
    if not folder.is_dir():
        raise DataError([Problem(_file_name(folder, root), message="is not a folder: give a local edition's folder")])
    day = day or today()
    validator = Validator(Schemas(root / "data" / "schemas"))
    validator.extra_ids = {name: handbook.ids(name) for name in ("sectors", "target-groups")}
    content, problems = _read(folder, root, validator)
    validator.run(check_refs=not problems)
    problems += validator.problems
    if problems:
        raise DataError(problems)
    files = {stem: _file_name(folder / f"{stem}.yml", root) for stem in FILES}
    gmina = content["gmina"]
    teryt_problem, variant = _teryt_problem(handbook, files["gmina"], gmina["teryt"])
    if teryt_problem:
        problems.append(teryt_problem)
    logo = None
    if "logo" in gmina:
        logo_path = folder / gmina["logo"]
        if not logo_path.is_file():
            problems.append(
                Problem(files["gmina"], field="logo", message=f"'{gmina['logo']}' is not a file in {folder.name}/")
            )
        else:
            logo = logo_path.read_bytes()
    months = gmina.get("stale_after_months", DEFAULT_STALE_MONTHS)
    stale: list[str] = []
    warnings: list[str] = []
    for service in content["services"]["services"]:
        checked = dt.date.fromisoformat(service["last_checked"])
        if checked > day:
            problems.append(
                Problem(
                    files["services"],
                    service["id"],
                    "last_checked",
                    f"'{checked}' is in the future: write the day the card was last checked",
                )
            )
        elif add_months(checked, months) < day:
            stale.append(service["id"])
            warnings.append(
                f"{files['services']}: entry '{service['id']}': last_checked {checked} is more than {months} "
                "months ago: check the card with the partner and update the date"
            )
    if problems:
        raise DataError(problems)
    return {
        "id": folder.name,
        "folder": _file_name(folder, root),
        "today": day.isoformat(),
        "variant": variant,
        "stale_after_months": months,
        "stale": stale,
        "warnings": warnings,
        "logo": logo,
        "gmina": gmina,
        "partnership": content["partnership"],
        "partners": content["partners"]["partners"],
        "services": content["services"]["services"],
        "contacts": content["crisis-contacts"]["contacts"],
        "amendments": content["amendments"]["amendments"],
    }


def with_local(handbook: Handbook, folder: Path | None) -> Handbook:
    """The handbook with its local edition (or unchanged when `folder` is None)."""
    if folder is None:
        return handbook
    return dataclasses.replace(handbook, local=load_local(handbook, folder))


def editions(root: Path) -> list[Path]:
    """Every local edition of the project (local/<id>/ with a gmina.yml): `check` validates them all."""
    base = root / "local"
    return sorted(path for path in base.glob("*") if (path / "gmina.yml").is_file()) if base.is_dir() else []
