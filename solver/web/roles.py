"""The roles of the web page's accounts, least first: apart from ``auth.py`` so that the
``user`` command's options name them without importing the accounts' machinery (hashing,
files, locks) at every start of the command line (issue 19)."""

from __future__ import annotations

ROLES = ("viewer", "teacher", "coordinator")
