"""Many classes at once: a job and how it runs (``executors``), the Dask executor built
on it, the runner that chooses the executor where the jobs start, and the content-keyed
cache of results.

May import: the layers below ``solver.jobs`` and the other jobs.
"""
