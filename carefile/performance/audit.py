"""Access-log entries for a list of named children (a drill-down page or its CSV): one row per child, appended
to the same hash chain as every other view, in a fixed number of queries however many children."""

from carefile.common.audit import access_record_many as access_records

__all__ = ["access_records"]
