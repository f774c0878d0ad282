"""Database triggers that refuse any UPDATE of a final record, whatever route it comes by (raw SQL included).

Visits, filings, corrections and the child's voice are final when written; a case note once finalised.
Deletes are refused by the models; the database allows them so that a whole synthetic council can be purged.

SQLite drops a table's triggers when a later migration rebuilds the table: the tests that try a raw UPDATE
(test_immutability) fail if that happens, and the triggers must then be created again in that migration.
"""

from django.db import migrations

ALWAYS_FINAL = {
    "recording_visit": "A visit is final: add a correction instead",
    "recording_notefiling": "A note's filing is final",
    "recording_visitcorrection": "A correction is final",
    "recording_notecorrection": "A correction is final",
    "recording_childvoice": "A record of the child's words is final",
}
NOTE = ("recording_casenote", "A finalised case note cannot be changed: add a correction instead")


def _quoted(message: str) -> str:
    return message.replace("'", "''")


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        sql = [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{_quoted(message)}'); END"
            for table, message in ALWAYS_FINAL.items()
        ]
        table, message = NOTE
        sql.append(
            f"CREATE TRIGGER {table}_final_no_update BEFORE UPDATE ON {table} "
            f"WHEN OLD.finalised_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{_quoted(message)}'); END"
        )
        return sql
    if vendor == "postgresql":
        sql = [
            "CREATE OR REPLACE FUNCTION recording_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$"
        ]
        sql += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION recording_refuse_update('{_quoted(message)}')"
            for table, message in ALWAYS_FINAL.items()
        ]
        table, message = NOTE
        sql.append(
            f"CREATE TRIGGER {table}_final_no_update BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN (OLD.finalised_at IS NOT NULL) EXECUTE FUNCTION recording_refuse_update('{_quoted(message)}')"
        )
        return sql
    return []


def _drop(vendor: str) -> list[str]:
    names = [(f"{t}_no_update", t) for t in ALWAYS_FINAL] + [(f"{NOTE[0]}_final_no_update", NOTE[0])]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name, _ in names]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in names] + [
            "DROP FUNCTION IF EXISTS recording_refuse_update()"
        ]
    return []


def create(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in _drop(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("recording", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
