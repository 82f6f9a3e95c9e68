"""``python -m webio``: the same as the ``webio`` command."""
import sys

from .cli import main

sys.exit(main())
