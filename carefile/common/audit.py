"""The record-access log: an append-only, hash-chained list of who opened which record, when and where."""

import hashlib
from datetime import UTC, datetime

from django.db import transaction

from .models import AccessLog, AuditChainHead

GENESIS = "0" * 64
CHAIN = "access"


def _row_digest(
    *,
    previous_hash: str,
    at: datetime,
    user_id: int | None,
    person_ref: int,
    view_name: str,
    path: str,
    reason: str,
) -> str:
    canonical = "\x1f".join(
        [
            previous_hash,
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            str(user_id or ""),
            str(person_ref),
            view_name,
            path,
            reason,
        ]
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def access_record(*, user, person, at: datetime, view_name: str, path: str, reason: str = "") -> AccessLog:
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        name=CHAIN, defaults={"last_hash": GENESIS}
    )
    row_hash = _row_digest(
        previous_hash=head.last_hash,
        at=at,
        user_id=user.pk,
        person_ref=person.pk,
        view_name=view_name,
        path=path[:300],
        reason=reason,
    )
    entry = AccessLog.objects.create(
        at=at,
        user=user,
        person=person,
        person_ref=person.pk,
        view_name=view_name,
        path=path[:300],
        reason=reason,
        previous_hash=head.last_hash,
        row_hash=row_hash,
    )
    head.last_hash = row_hash
    head.length += 1
    head.save(update_fields=["last_hash", "length"])
    return entry


@transaction.atomic
def access_record_many(*, user, people, at: datetime, view_name: str, path: str, reason: str = "") -> int:
    """One access-log row for each person listed on a page, chained in order, in three queries."""
    people = list(dict.fromkeys(p for p in people if p is not None))
    if not people:
        return 0
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        name=CHAIN, defaults={"last_hash": GENESIS}
    )
    rows, previous = [], head.last_hash
    for person in people:
        row_hash = _row_digest(
            previous_hash=previous,
            at=at,
            user_id=user.pk,
            person_ref=person.pk,
            view_name=view_name,
            path=path[:300],
            reason=reason,
        )
        rows.append(
            AccessLog(
                at=at,
                user=user,
                person=person,
                person_ref=person.pk,
                view_name=view_name,
                path=path[:300],
                reason=reason,
                previous_hash=previous,
                row_hash=row_hash,
            )
        )
        previous = row_hash
    AccessLog.objects.bulk_create(rows, batch_size=1000)
    head.last_hash = previous
    head.length += len(rows)
    head.save(update_fields=["last_hash", "length"])
    return len(rows)


class AuditChainBroken(Exception):
    pass


def audit_chain_verify() -> int:
    """Walk the chain in order; raise `AuditChainBroken` naming the first bad row. Returns rows checked."""
    previous = GENESIS
    count = 0
    for row in AccessLog.objects.order_by("id").iterator(chunk_size=5000):
        expected = _row_digest(
            previous_hash=previous,
            at=row.at,
            user_id=row.user_id,
            person_ref=row.person_ref,
            view_name=row.view_name,
            path=row.path,
            reason=row.reason,
        )
        if row.previous_hash != previous:
            raise AuditChainBroken(
                f"Access-log row {row.id}: does not follow the row before it (a row was removed or inserted)"
            )
        if row.row_hash != expected:
            raise AuditChainBroken(f"Access-log row {row.id}: its contents were altered after it was written")
        previous = row.row_hash
        count += 1
    head = AuditChainHead.objects.filter(name=CHAIN).first()
    if head is not None and (head.length != count or head.last_hash != previous):
        raise AuditChainBroken(
            f"Access log: {count} rows found but {head.length} were written; rows were removed from the end"
        )
    return count
