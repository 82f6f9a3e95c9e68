"""Set up the test project (tests/django/settings.py) once, with a fresh database file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

try:
    import channels  # noqa: F401
    import django
except ImportError:  # the plugin's tests need its extra: pip install webio[django]
    collect_ignore_glob = ["*.py"]
else:
    from django.conf import settings

    _db_dir = tempfile.mkdtemp(prefix="webio-django-")
    os.environ["WEBIO_TEST_DJANGO_DB"] = os.path.join(_db_dir, "db.sqlite3")
    if not settings.configured:  # configure() rather than DJANGO_SETTINGS_MODULE: nothing leaks to servers
        from tests.django import settings as project_settings

        settings.configure(**{key: getattr(project_settings, key) for key in dir(project_settings) if key.isupper()})
    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)



_PYTEST_DJANGO_DB = {"db", "transactional_db", "live_server", "django_db_reset_sequences",
                     "django_db_serialized_rollback", "django_user_model", "admin_user", "admin_client"}


@pytest.fixture(autouse=True)
def _database_of_the_test_project(request: pytest.FixtureRequest) -> Iterator[None]:
    """This suite uses the project's database directly; pytest-django blocks that unless a test asks for
    its ``db`` fixtures (tests/django/test_pytest_django.py does): open it for the other tests."""
    if _PYTEST_DJANGO_DB & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        yield
        return
    try:
        blocker = request.getfixturevalue("django_db_blocker")
    except pytest.FixtureLookupError:  # pytest-django is not installed: nothing blocks the database
        yield
        return
    with blocker.unblock():
        yield
