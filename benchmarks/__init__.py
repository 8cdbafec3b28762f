"""Scale benchmarks, one module per app (`python -m benchmarks.bench_<app>`); not part of make test."""
