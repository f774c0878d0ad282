"""The default retention rules, and an index on the access log's time for the daily unusual-access report.

The index is on `common_accesslog`, which the common app owns; it is created here, by the app that needs it,
with plain SQL that both PostgreSQL and SQLite understand, so the common app's model is untouched.
"""

from django.db import migrations

DEFAULTS = [
    ("adoption", "Adoption records: 100 years from the adoption order", None, None, 100),
    ("looked_after", "Children who were looked after: until their 75th birthday", 75, None, None),
    (
        "other",
        "Other children: until their 25th birthday or 6 years after the case closed, whichever is later",
        25,
        6,
        None,
    ),
]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("governance", "RetentionRule")
    for category, description, birth, closure, adoption in DEFAULTS:
        RetentionRule.objects.get_or_create(
            category=category,
            defaults={
                "description": description,
                "years_from_birth": birth,
                "years_from_closure": closure,
                "years_from_adoption_order": adoption,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("common", "0006_signin_security"),
    ]

    operations = [
        migrations.RunPython(add_rules, migrations.RunPython.noop),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS governance_accesslog_at ON common_accesslog (at)",
            "DROP INDEX IF EXISTS governance_accesslog_at",
        ),
    ]
