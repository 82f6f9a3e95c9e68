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
    _db_dir = tempfile.mkdtemp(prefix="webio-django-")
    os.environ["WEBIO_TEST_DJANGO_DB"] = os.path.join(_db_dir, "db.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.django.settings")
    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
