"""Corrupt one field of an exported return, for the validators' negative test (ci_check.sh).

corrupt.py cin IN.xml OUT.xml            # the first child's Sex becomes "X"
corrupt.py ssda903 IN/Header.csv OUT.csv  # the first child's SEX becomes "X"
"""

import csv
import sys
from pathlib import Path

from lxml import etree


def corrupt_cin(source: Path, target: Path) -> None:
    tree = etree.parse(str(source))
    sex = tree.find(".//Child/ChildIdentifiers/Sex")
    if sex is None:
        raise SystemExit(f"{source}: no child to corrupt")
    sex.text = "X"
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def corrupt_header(source: Path, target: Path) -> None:
    with source.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    if not rows:
        raise SystemExit(f"{source}: no child to corrupt")
    rows[0]["SEX"] = "X"
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    kind, source, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"cin": corrupt_cin, "ssda903": corrupt_header}[kind](source, target)
