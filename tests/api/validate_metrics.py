#!/usr/bin/env python3
"""validate_metrics.py FILE NAME...

Parses a Prometheus text exposition (GET /metrics) with the Prometheus
project's own parser (Debian's python3-prometheus-client) and checks that
every NAME is a metric family in it with at least one sample. Exit 0 when
it parses and every family is there; 1 with the problem otherwise.
"""
import sys

from prometheus_client.parser import text_string_to_metric_families

path, wanted = sys.argv[1], sys.argv[2:]
with open(path, encoding="utf-8") as f:
    text = f.read()
try:
    families = {f.name: f for f in text_string_to_metric_families(text)}
except Exception as e:  # the parser raises ValueError and others on bad input
    print(f"not a valid exposition: {e}")
    sys.exit(1)
missing = [n for n in wanted if n not in families or not families[n].samples]
for n in missing:
    print(f"no samples of {n}; families: {sorted(families)}")
print(f"{len(families)} families, {sum(len(f.samples) for f in families.values())} samples")
sys.exit(1 if missing else 0)
