"""Floor 2, the domain: facts derived from a valid handbook.

:mod:`.agenda` (when routines happen), :mod:`.sante` (what is overdue), :mod:`.evenements`
(the calendar's events, which the calendar page and the ICS feeds share).
"""
