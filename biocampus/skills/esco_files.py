"""Reading the official ESCO CSV bundle: a folder or the zip, v1.1.x or v1.2.x layout.

Only reading and checking happen here (no database): every problem is an `EscoFormatError`
naming the file and, where there is one, the line.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

# Columns each file must have; other columns are ignored.
REQUIRED_COLUMNS = {
    "skills": {"conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels"},
    "skillGroups": {"conceptUri", "preferredLabel"},
    "occupations": {"conceptUri", "iscoGroup", "preferredLabel", "altLabels", "code"},
    "ISCOGroups": {"conceptUri", "code", "preferredLabel"},
    "occupationSkillRelations": {"occupationUri", "relationType", "skillUri"},
    "broaderRelationsSkillPillar": {"conceptUri", "broaderUri"},
    "broaderRelationsOccPillar": {"conceptUri", "broaderUri"},
    "skillSkillRelations": {"originalSkillUri", "relationType", "relatedSkillUri"},
}
LABELLED = ("skills", "skillGroups", "occupations", "ISCOGroups")
RELATIONS = (
    "occupationSkillRelations",
    "broaderRelationsSkillPillar",
    "broaderRelationsOccPillar",
    "skillSkillRelations",
)
_LANGUAGE_FILE = re.compile(r"^(skills|skillGroups|occupations|ISCOGroups)_([a-z]{2,3})\.csv$")
_VERSION = re.compile(r"v?(\d+\.\d+(?:\.\d+)?)")


class EscoFormatError(Exception):
    def __init__(self, file: str, message: str, line: int | None = None):
        self.file, self.line = file, line
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")


class EscoBundle:
    """The CSV files of one ESCO download, found by name wherever they sit in it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            members = [p for p in self.path.rglob("*.csv") if p.is_file()]
            # The shallowest file of a name wins (a bundle may hold older copies deeper down).
            self._files = {}
            for member in sorted(members, key=lambda p: len(p.parts)):
                self._files.setdefault(member.name, member)
        elif zipfile.is_zipfile(self.path):
            self._zip = zipfile.ZipFile(self.path)
            names = [n for n in self._zip.namelist() if n.endswith(".csv")]
            self._files = {}
            for member in sorted(names, key=lambda n: n.count("/")):
                self._files.setdefault(Path(member).name, member)
        elif self.path.exists():
            raise EscoFormatError(str(self.path), _("neither a folder nor a zip file"))
        else:
            raise EscoFormatError(str(self.path), _("no such file or folder"))
        if not self._files:
            raise EscoFormatError(str(self.path), _("no ESCO CSV files in it"))

    def close(self) -> None:
        if self._zip:
            self._zip.close()

    def guess_version(self) -> str:
        """The version in the download's name ("ESCO dataset - v1.1.1 - ..."), or ""."""
        match = _VERSION.search(self.path.name) or _VERSION.search(str(self.path))
        return match.group(1) if match else ""

    @property
    def layout(self) -> str:
        """1.1 (relations carry URIs only) or 1.2 (relation files end in _en, with labels)."""
        if "occupationSkillRelations.csv" in self._files:
            return "1.1"
        if "occupationSkillRelations_en.csv" in self._files:
            return "1.2"
        raise EscoFormatError(
            str(self.path),
            _("no occupationSkillRelations.csv (v1.1) or occupationSkillRelations_en.csv (v1.2)"),
        )

    def languages(self) -> list[str]:
        found = {m.group(2) for n in self._files if (m := _LANGUAGE_FILE.match(n))}
        return sorted(found, key=lambda lang: (lang != "en", lang))

    def file_name(self, kind: str, language: str | None = None) -> str | None:
        """The name of a kind of file in this bundle; relation files may carry `_en`."""
        candidates = [f"{kind}_{language}.csv"] if language else [f"{kind}.csv", f"{kind}_en.csv"]
        return next((c for c in candidates if c in self._files), None)

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each record of `name`, after checking its columns."""
        kind = name.rsplit(".", 1)[0]
        kind = _LANGUAGE_FILE.match(name).group(1) if _LANGUAGE_FILE.match(name) else kind
        kind = kind.removesuffix("_en")
        with self._open(name) as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader, None)
                if not header:
                    raise EscoFormatError(name, _("the file is empty"))
                missing = REQUIRED_COLUMNS.get(kind, set()) - set(header)
                if missing:
                    raise EscoFormatError(
                        name, _("missing column(s): %s") % ", ".join(sorted(missing)), 1
                    )
                width = len(header)
                line = reader.line_num
                for record in reader:
                    if len(record) != width:
                        raise EscoFormatError(
                            name,
                            _("expected %(expected)d fields, found %(found)d")
                            % {"expected": width, "found": len(record)},
                            line + 1,
                        )
                    yield line + 1, dict(zip(header, record, strict=True))
                    line = reader.line_num
            except csv.Error as exc:
                raise EscoFormatError(name, str(exc), reader.line_num or None) from exc
            except UnicodeDecodeError as exc:
                raise EscoFormatError(
                    name, _("not UTF-8 text"), (reader.line_num or 0) + 1
                ) from exc

    def _open(self, name: str) -> io.TextIOBase:
        member = self._files[name]
        if self._zip:
            raw = self._zip.open(member)
            return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        return open(member, encoding="utf-8-sig", newline="")


def split_labels(value: str) -> list[str]:
    """Multi-valued ESCO fields hold one value per line (some with a trailing comma)."""
    return [v.strip().rstrip(",").strip() for v in value.splitlines() if v.strip(" ,")]
