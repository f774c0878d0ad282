"""Backup and restore: a backup taken, the data changed, the backup restored, the data as it was."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from carefile.common.audit import access_record
from carefile.governance.backup import backup_engine
from carefile.people.models import Person
from carefile.testing.factories import PersonFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_the_database_as_it_was(tmp_path):
    kept = PersonFactory(given_name="Kept", family_name="Before")
    staff = StaffFactory()
    access_record(
        user=staff.user, person=kept, at=timezone.now(), view_name="people:detail", path="/people/1/"
    )
    backup = tmp_path / "carefile.backup"
    out = StringIO()
    call_command("backup", "--out", str(backup), stdout=out)
    Person.objects.filter(pk=kept.pk).update(family_name="Changed")
    PersonFactory(given_name="Added", family_name="After")

    restored = StringIO()
    call_command("restore", "--from", str(backup), "--noinput", stdout=restored)

    assert "checked" in out.getvalue()
    assert backup_engine(backup) == connection.vendor
    assert list(Person.objects.values_list("given_name", "family_name")) == [("Kept", "Before")]
    assert "Audit log intact: 1 access-log rows verified." in restored.getvalue()
    assert not (tmp_path / "carefile.backup.partial").exists()


def test_restoring_something_that_is_not_a_backup_changes_nothing(tmp_path):
    PersonFactory(given_name="Still", family_name="Here")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")

    with pytest.raises(CommandError, match="is not a Carefile backup"):
        call_command("restore", "--from", str(junk), "--noinput")

    assert Person.objects.filter(given_name="Still").exists()


def test_restoring_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", "--from", str(tmp_path / "missing.backup"), "--noinput")


def test_a_backup_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", "--out", str(tmp_path / "nowhere" / "carefile.backup"))
