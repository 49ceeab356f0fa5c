"""The benchmark behind ``scripts/bench.py``: workloads, timings, baselines, report."""
