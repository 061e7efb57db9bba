"""``python -m macros``: see :mod:`macros.cli`."""

import os
import sys

from macros.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # The reader went away (``python -m macros check --codes | head``): stop quietly, as
    # the standard tools do, instead of printing a traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
