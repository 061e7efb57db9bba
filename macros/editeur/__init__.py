"""The form editor: ``python -m macros edit`` (Decap CMS on a local backend in Python)."""
