"""``python -m macros``: see :mod:`macros.cli`."""

import sys

from macros.cli import main

sys.exit(main())
