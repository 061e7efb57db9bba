"""The form editor of the handbook's data: ``python -m macros edit`` (Decap CMS on a local
backend in Python, :mod:`macros.editeur.serveur`; Sveltia CMS when published).

:mod:`macros.editeur.configuration` builds the editor's configuration from the typed model
(:mod:`macros.donnees.modele`): one form per data file, French labels, the model's help
texts, and a pick list for every reference to an id. The committed ``config.yml`` next to
it is generated (``make schemas``) and a unit test fails when it no longer matches the model.

The package sits above the floors of :mod:`macros` (README, « Architecture »): it reads the
model and the schemas' French texts, and nothing below imports it.
"""
