"""The assessment's child's-voice section becomes one of the child's recorded voices."""

import pytest
from django.utils import timezone

from carefile.recording.models import ChildVoice
from carefile.recording.selectors import latest_voice

from .. import services
from .conftest import start, submitted, write

pytestmark = pytest.mark.django_db


def test_submitting_an_assessment_records_the_childs_words_as_their_latest_voice(referral, worker, child):
    assessment = submitted(referral, worker, child_voice='"Nana makes me tea."', child_communication=["play"])

    voice = latest_voice([child])[child.pk]
    assert voice.words == '"Nana makes me tea."'
    assert voice.communication == ["play"]
    assert voice.source == "assessment"
    assert voice.source_record == assessment
    assert voice.recorded_by == worker


def test_a_draft_records_no_voice_until_it_is_submitted(referral, worker, child):
    write(start(referral, worker), worker)

    assert not ChildVoice.objects.filter(child=child).exists()


def test_a_resubmission_adds_the_words_again_only_when_they_changed(referral, worker, manager, child):
    assessment = submitted(referral, worker)
    services.assessment_return(assessment=assessment, by=manager, at=timezone.now(), comment="More analysis")
    write(assessment, worker, analysis="Deeper analysis of the risks.")
    services.assessment_submit(assessment=assessment, by=worker, at=timezone.now())
    assert ChildVoice.objects.filter(child=child).count() == 1

    services.assessment_return(assessment=assessment, by=manager, at=timezone.now(), comment="Ask again")
    write(assessment, worker, child_voice='"I want Mum to be well."')
    services.assessment_submit(assessment=assessment, by=worker, at=timezone.now())

    assert list(ChildVoice.objects.filter(child=child).order_by("id").values_list("words", flat=True)) == [
        '"I want it to be calm at home."',
        '"I want Mum to be well."',
    ]
    assert latest_voice([child])[child.pk].words == '"I want Mum to be well."'


def test_the_childs_page_shows_what_they_said_in_the_assessment(referral, worker, child, client):
    assessment = submitted(referral, worker, child_voice='"I like my new school."')
    client.force_login(worker.user)

    body = client.get(f"/people/{child.pk}/").content.decode()

    assert "I like my new school." in body
    assert f"/assessments/{assessment.pk}/" in body
