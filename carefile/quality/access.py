"""Access-logging a page that lists named children: one access-log row per child, written in a fixed number
of queries (`carefile.common.audit.access_record_many`), so a list page's queries do not grow with its rows."""

from __future__ import annotations

from collections.abc import Iterable

from carefile.common import clock
from carefile.common.audit import access_record_many


def log_list_access(request, children: Iterable, *, view_name: str) -> int:
    return access_record_many(
        user=request.user, people=children, at=clock.now(), view_name=view_name, path=request.path
    )
