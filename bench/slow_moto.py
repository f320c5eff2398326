#!/usr/bin/env python3
"""moto (an independent AWS emulator) with a fixed delay before every answer,
for the collection benchmarks: python3 bench/slow_moto.py PORT [DELAY_SECONDS]

Each request is served on its own thread (werkzeug), so the delay is latency,
not a queue: N calls in flight wait DELAY together, as against AWS."""
import sys
import time

from moto.server import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

port = int(sys.argv[1])
delay = float(sys.argv[2]) if len(sys.argv) > 2 else 0.05
moto = DomainDispatcherApplication(create_backend_app)


def delayed(environ, start_response):
    time.sleep(delay)
    return moto(environ, start_response)


run_simple("127.0.0.1", port, delayed, threaded=True)
