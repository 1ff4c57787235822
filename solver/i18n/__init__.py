"""Words and formats for people: the message catalogue (English and French), the
formatting of dates and numbers through babel, and the French of input errors and of
explanations.

May import: ``solver.core`` (errors) only.
"""
