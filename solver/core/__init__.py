"""The data and its reading, below everything else: the school calendar and its sources
(zones, académies, ICS-imported holidays), the plan of one student as day intervals, the
data model (programme, class, student, period), validated fields with their file lines,
safe YAML loading, the aliases files accept, errors, conventions and atomic file writing.

May import: the standard library and third-party packages only, never another layer of
``solver`` (the data model names rule kinds in type hints only).
"""
