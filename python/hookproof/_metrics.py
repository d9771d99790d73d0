"""OpenTelemetry metrics for the integrations, when the app has
``opentelemetry-api`` installed (the ``otel`` extra): a counter
``hookproof.deliveries`` and a histogram ``hookproof.duration`` (seconds,
from the request's arrival to the integration's decision: verify and claim,
not the handler). Labels: ``scheme``, ``result`` (one of ``RESULTS``) and
``code`` (a verification or answer code of the core's lists, empty for a
verified delivery), so no request can make a new label value. Without the
package nothing is recorded and nothing is imported. Node's gate.js records
the same names and labels."""

from __future__ import annotations

import time
from typing import Any

from . import _native

#: Every ``result`` label value (the core's list).
RESULTS = tuple(_native.METRIC_RESULTS)

_instruments: tuple[Any, Any] | None | bool = False  # False: not looked up yet


def _get() -> tuple[Any, Any] | None:
    global _instruments
    if _instruments is False:
        try:
            from opentelemetry import metrics
        except ImportError:
            _instruments = None
        else:
            meter = metrics.get_meter("hookproof", _native.__version__)
            _instruments = (
                meter.create_counter("hookproof.deliveries", unit="{delivery}",
                                     description="Webhook deliveries an integration decided on"),
                meter.create_histogram("hookproof.duration", unit="s",
                                       description="From a delivery's arrival to the integration's decision"),
            )
    return _instruments if isinstance(_instruments, tuple) else None


def record(scheme: str, code: str | None, started: float) -> None:
    """Counts one decision and its duration (a no-op without OpenTelemetry)."""
    instruments = _get()
    if instruments is None:
        return
    result, label = _native.metric_labels(code)
    labels = {"scheme": scheme, "result": result, "code": label}
    counter, histogram = instruments
    counter.add(1, labels)
    histogram.record(max(time.perf_counter() - started, 0.0), labels)
