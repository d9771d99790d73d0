"""OpenTelemetry metrics from the integrations, read with the SDK's
in-memory reader: one count per decision, labelled from fixed lists."""

from __future__ import annotations

import json
from typing import Any

import hookproof
import pytest
import signers

SECRET = "whsec_metrics_test_secret_0a1b2c3d4e"


def points(reader: Any, name: str) -> dict[tuple[str, str, str], Any]:
    data = reader.get_metrics_data()
    out: dict[tuple[str, str, str], Any] = {}
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name == name:
                    for p in metric.data.data_points:
                        a = p.attributes
                        out[(a["scheme"], a["result"], a["code"])] = p
    return out


def test_every_decision_is_counted_with_fixed_labels() -> None:
    pytest.importorskip("opentelemetry.sdk")
    from flask import Flask, g
    from hookproof import _metrics
    from hookproof.flask import verify_webhook
    from opentelemetry import metrics
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader

    reader = InMemoryMetricReader()
    metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
    _metrics._instruments = False  # look the meter up again, under this provider

    app = Flask("metrics")
    wh = hookproof.Webhook("cloro", SECRET)

    @app.post("/hook")
    @verify_webhook(wh, dedup=hookproof.MemoryDedup())
    def hook() -> Any:
        return {"id": g.webhook.id}

    body = json.dumps({"task": {"id": "t-metrics"}}).encode()
    headers = signers.cloro(SECRET, body, webhook_id="t-metrics-1")
    client = app.test_client()
    assert client.post("/hook", data=body, headers=headers).status_code == 200
    assert client.post("/hook", data=body, headers=headers).json == {"status": "duplicate"}
    forged = {**headers, "X-Cloro-Signature": "v1=" + "0" * 64}
    assert client.post("/hook", data=body, headers=forged).status_code == 400
    counted = {k: p.value for k, p in points(reader, "hookproof.deliveries").items()}
    assert counted == {
        ("cloro", "verified", ""): 1,
        ("cloro", "duplicate", "duplicate"): 1,
        ("cloro", "rejected", "signature_mismatch"): 1,
    }
    timed = points(reader, "hookproof.duration")
    assert sum(p.count for p in timed.values()) == 3
    assert all(result in _metrics.RESULTS for _, result, _ in counted)
