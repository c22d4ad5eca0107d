import importlib
from pathlib import Path

import pytest
from django.urls import clear_url_caches


def stored_files(root) -> list[Path]:
    """Every file under a folder (none when it does not exist)."""
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    """Where streamed uploads are spooled during the test, so a test can see none is left behind."""
    folder = tmp_path / "upload-tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def development_urls(settings):
    """The project's URLconf as `DEBUG=True` builds it, for this test's MEDIA_ROOT."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()
