"""Benchmarks for DESIGN §9: `make bench SCALE=N` runs bench/run.py. Not part of the test suite."""
