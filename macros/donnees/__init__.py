"""Floor 1, the data: YAML read with positions, the typed model, the rules, the loading.

``data/*.yml`` → :mod:`.lecteur` (strict YAML, line:column of every key and value) →
:mod:`.modele` (one typed model, French messages from :mod:`.types` and :mod:`.messages`)
→ :mod:`.regles` (rules between files), :mod:`.motsdepasse` and :mod:`.personnel` (what
must never be typed in a data file) → :mod:`.chargement` (one validated ``Handbook``).
:mod:`.reglages` reads the environment; :mod:`.catalogue` names the site's pages;
:mod:`.problemes` and :mod:`.codes` describe what is wrong, each kind with its code.

Imports only :mod:`macros.texte` and itself: never MkDocs, never a page or an output.
"""
