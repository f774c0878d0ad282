"""The seed tests test this package's stages; other apps' stages run only where a test asks for them."""

import pytest

from carefile.seed import generator

EVERY_STAGE = generator.STAGE_HOOKS


@pytest.fixture(scope="module", autouse=True)
def _front_door_only():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator, "STAGE_HOOKS", ())
        yield


@pytest.fixture
def every_stage(monkeypatch):
    """Run the other apps' seed stages too, as `manage.py seed_council` does; gives the stages."""
    monkeypatch.setattr(generator, "STAGE_HOOKS", EVERY_STAGE)
    return EVERY_STAGE
