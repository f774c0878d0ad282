"""Information-governance pages, one module per job."""

from django.http import Http404

from carefile.common.permissions import require

__all__ = ["require", "not_found_unless_an_id"]

LARGEST_ID = 2**63 - 1


def not_found_unless_an_id(value) -> None:
    """A database id: digits, in the range of a 64-bit integer. Anything else is "not found", never a 500."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and 0 < int(text) <= LARGEST_ID):
        raise Http404("No such record")
