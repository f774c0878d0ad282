"""The council's starting lists: service types and a case file audit template. Both can be changed in admin."""

from django.db import migrations

from carefile.quality.defaults import ensure_defaults


def forwards(apps, schema_editor):
    ensure_defaults(
        apps.get_model("quality", "ServiceType"),
        apps.get_model("quality", "AuditTemplate"),
        apps.get_model("quality", "AuditDomain"),
    )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
