"""Check CIN census XML files against the XSD of their collection year (carefile/returns/schemas).

    .venv/bin/python scripts/validators/check_xsd.py --year 2025 cin-2025.xml

Prints each problem as file:line: message and exits 1 if any file is invalid.
"""

import argparse
import sys
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "carefile" / "returns" / "schemas"


def schema_for(year: int) -> tuple[Path, etree.XMLSchema]:
    available = sorted(int(p.stem.rsplit("_", 1)[1]) for p in SCHEMAS.glob("CIN_schema_*.xsd"))
    chosen = max((y for y in available if y <= year), default=available[0])
    path = SCHEMAS / f"CIN_schema_{chosen}.xsd"
    return path, etree.XMLSchema(etree.parse(str(path)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--year", type=int, required=True, help="collection END year, e.g. 2025 for 2024-25")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    xsd, schema = schema_for(args.year)
    bad = False
    for path in args.files:
        if not schema.validate(etree.parse(str(path))):
            bad = True
            for error in schema.error_log:
                print(f"{path}:{error.line}: {error.message}")
        else:
            print(f"{path}: valid against {xsd.name}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
