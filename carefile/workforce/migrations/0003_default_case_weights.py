from django.db import migrations


def add_defaults(apps, schema_editor):
    from carefile.workforce.models import DEFAULT_CASE_WEIGHTS

    CaseWeight = apps.get_model("workforce", "CaseWeight")
    for status, weight in DEFAULT_CASE_WEIGHTS.items():
        CaseWeight.objects.get_or_create(case_status=status, defaults={"weight": weight})


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_caseweight")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
