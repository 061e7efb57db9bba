"""Floor 5, the site: the only code that imports MkDocs or holds a build's state.

:mod:`.main` (the mkdocs-macros entry point, with the hot reload of ``serve``),
:mod:`.plugin` (``define_env``: the macros the pages call), :mod:`.hooks` (MkDocs hooks),
:mod:`.generated` (member and role pages), :mod:`.impression` (after the build: the print
page, the PDFs under ``serve``), :mod:`.gabarits` (the theme's compiled templates
and file listing), :mod:`.surveillance` (the files ``serve`` watches), :mod:`.memoire` (the
typography of unchanged pages kept between rebuilds of ``serve``), ``theme/`` (the theme's
overrides).
"""
