"""The MkDocs command line, run in this process by ``python -m macros build|serve``."""

from __future__ import annotations

import os

__all__ = ["mkdocs"]


def mkdocs(args: list[str]) -> int:
    """Run the MkDocs command line in this process; return its exit status."""
    import click
    from mkdocs.__main__ import cli

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except click.exceptions.ClickException as err:
        err.show()
        return err.exit_code or 1
    except click.exceptions.Abort:
        return 1
    except SystemExit as err:  # mkdocs-macros exits on a macro error
        return int(err.code) if isinstance(err.code, int) else 1
    return 0
