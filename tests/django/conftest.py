"""Set up the test project (tests/django/settings.py) once, with a fresh database file."""
from __future__ import annotations

import os
import tempfile

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
