"""Find the cells of an .xlsx worksheet that hold an Excel error such as #N/A or #REF!.

python-calamine 0.9 returns an error cell as an empty string, which would make a broken
VLOOKUP look like a blank caption or a post without a date. The error values are read
here from the worksheet's XML, which is scanned only when it contains an error cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REFERENCE = re.compile(r"([A-Z]+)(\d+)")


@dataclass(frozen=True)
class ErrorCell:
    """A worksheet cell whose value is an Excel error."""

    reference: str  # "C5"
    row: int  # 1-based, as in Excel
    column: int  # 1-based
    error: str  # "#N/A"


def find_error_cells(data: bytes, sheet_name: str) -> list[ErrorCell]:
    """Return the error cells of the named worksheet, or [] when it has none.

    Returns [] as well when the workbook's parts cannot be found, because calamine has
    already read the cells and this scan only adds detail.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _worksheet_part(archive, sheet_name)
            if part is None:
                return []
            xml = archive.read(part)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return []
    if b't="e"' not in xml and b"t='e'" not in xml:
        return []
    try:
        return _error_cells(xml)
    except ElementTree.ParseError:
        return []


def _worksheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """Return the zip path of a worksheet's XML, from workbook.xml and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationship = None
    for element in workbook.iter():
        if _local_name(element.tag) == "sheet" and element.get("name") == sheet_name:
            relationship = element.get(_RELATIONSHIP_ID)
            break
    if relationship is None:
        return None
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for element in relationships:
        if element.get("Id") == relationship:
            target = element.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _error_cells(xml: bytes) -> list[ErrorCell]:
    found: list[ErrorCell] = []
    for _, element in ElementTree.iterparse(io.BytesIO(xml), events=("end",)):
        name = _local_name(element.tag)
        if name == "c" and element.get("t") == "e":
            found.extend(_error_cell(element))
        if name in ("c", "row"):
            element.clear()  # keeps memory flat on large sheets
    return found


def _error_cell(element: ElementTree.Element) -> list[ErrorCell]:
    reference = element.get("r", "")
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return []  # NOTE: cells without an "r" reference (allowed, rare) are not located
    value = next((child.text for child in element if _local_name(child.tag) == "v"), None)
    return [
        ErrorCell(
            reference=reference,
            row=int(match.group(2)),
            column=_column_number(match.group(1)),
            error=value or "(unknown error)",
        )
    ]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
