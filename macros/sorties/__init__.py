"""Floor 4, the outputs besides the pages: ICS feeds, PDFs, JSON Schemas, a new cabinet's data.

:mod:`.ics` (calendar feeds), :mod:`.pdf` (the printed handbook and the reflex cards),
:mod:`.schemas` (JSON Schemas for editors), :mod:`.nouveau` (``make new-cabinet``).
"""
