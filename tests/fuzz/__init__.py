"""The fuzzing harness: mutated reports and hostile files, each parsed in a worker process
with a time and memory limit.

* :mod:`fuzz.mutators` renders generated reports in every layout and breaks them
  (truncations, deletions, duplications, digit changes, NULs, long lines…);
* :mod:`fuzz.runner` runs the cases in recycled worker processes, classifies what went
  wrong and shrinks a reproducer of each kind of failure;
* ``python tests/fuzz/harness.py --cases N --seconds T --out DIR`` is the command line.

A short slice runs with the test suite (``tests/test_fuzz_harness.py``); the long run is
described in ``CONTRIBUTING.md`` (Fuzzing).
"""
