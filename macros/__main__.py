"""``python -m macros``: see :mod:`macros.cli`."""

import sys

from .cli import main

sys.exit(main())
