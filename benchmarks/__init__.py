"""The suite's benchmarks: `python -m benchmarks` measures everything against its floors.

Speed is measured here, never asserted in tests. `harness.py` is the one command (issue 8); the
`bench_*.py` scripts beside it are focused deep-dives (the ledger's append and verify, loading
synthetic files with planted bad rows) run by hand.
"""
