"""Migration from a legacy system's last statutory returns: `import_returns(...)`.

Two passes over the files. The first reads everything (streamed: CIN with iterparse, 903 with DictReader) and
collects every problem; if there is any, `ImportFailed` carries them all and nothing is written. The second
reads the files again and writes, in chunks of children, inside one transaction: records are bulk-created, a
chunk at a time, with a fixed number of queries per chunk.

Records are matched on natural keys, so importing the same files twice changes nothing: children on LAchildID
(CHILD), episodes of need on (child, CINreferralDate), assessments on (episode, start), plans on (child, kind,
start), enquiries on (child, start), child protection plans on (child, start), periods of care and 903 episodes
on (child, DECOM), reviews on (period, date), missing episodes on (child, start day).

Imported children are allocated to nobody: an imported open episode of need is an open referral without a
social worker, so the child appears in the allocation queue of the team given (`team`), longest waiting
first, and the referral's presenting issue says it was imported. Children named in the returns have no names
there: they are recorded as "Imported child" with their LA child ID as family name, to be corrected from the
legacy system's case files.
"""

from __future__ import annotations

from .run import ImportFailed, ImportResult, import_returns

__all__ = ["ImportFailed", "ImportResult", "import_returns"]
