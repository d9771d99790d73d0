"""A receiver whose handler writes to PostgreSQL, for the exactly-once
effects tests (test_transactional_dedup.py), served by gunicorn. Its
handlers are the docs' transactional snippets, as written.

``TX_STACK`` picks how it reaches the database: ``psycopg`` (Flask and a
psycopg pool), ``sqlalchemy`` (Flask and a SQLAlchemy engine and session) or
``django`` (Django's own connection and ``transaction.atomic()``).
``TX_MODE=plain`` patches ``complete_in`` out, leaving the claim to the
integration alone: the plain store, for comparison.

Faults come from outside the handlers: the test's ``effects`` table refuses
(CHECK) the first attempt of a task whose id starts with ``rollback``, so
that transaction rolls back after ``complete_in``; and the process kills
itself after a handler returned (its transaction committed) and before the
answer leaves, on the first attempt of a task whose id starts with ``kill``:
under Flask as the integration settles the claim (before ``complete``, so
the plain store never completes it), under Django in a middleware.
"""

from __future__ import annotations

import os
import signal
from typing import Any

import hookproof

DSN = os.environ["DATABASE_DSN"]  # host=… port=… user=… dbname=…
STACK = os.environ["TX_STACK"]
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


def killed_after_commit(delivery: hookproof.Verified | None) -> None:
    if delivery is not None and delivery.dedup_key.startswith("kill") and delivery.id.endswith("-1"):
        os.kill(os.getpid(), signal.SIGKILL)  # committed, never answered


def dsn_part(name: str) -> str:
    return dict(part.split("=", 1) for part in DSN.split())[name]


if STACK == "django":
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["127.0.0.1"],
        SECRET_KEY="tx-receiver",
        MIDDLEWARE=[f"{__name__}.kill_after_commit"],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": dsn_part("dbname"),
                "USER": dsn_part("user"),
                "HOST": dsn_part("host"),
                "PORT": dsn_part("port"),
            }
        },
    )
    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.urls import path

    def kill_after_commit(get_response: Any) -> Any:
        def middleware(request: Any) -> Any:
            response = get_response(request)
            killed_after_commit(getattr(request, "webhook", None))
            return response

        return middleware

    # START django-transactional
    from django.db import connection, transaction
    from django.http import JsonResponse
    from django.views.decorators.csrf import csrf_exempt
    from hookproof.django import verify_webhook

    store = hookproof.PostgresDedup(connection)  # Django's own connection

    @csrf_exempt
    @verify_webhook(cloro, dedup=store)
    def cloro_hook(request):
        delivery = request.webhook
        with transaction.atomic():
            store.complete_in(connection, delivery)  # first: done exactly when this commits
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO effects (task, webhook_id) VALUES (%s, %s)", [delivery.dedup_key, delivery.id])
        return JsonResponse({"ok": True})
    # END django-transactional

    urlpatterns = [path("hooks/cloro", cloro_hook)]
    app = get_wsgi_application()
else:
    import flask
    from hookproof.flask import verify_webhook as flask_verify

    app = flask.Flask(__name__)
    verify_webhook = flask_verify

    if STACK == "psycopg":
        # START python-transactional
        from psycopg_pool import ConnectionPool

        pool = ConnectionPool(DSN, kwargs={"autocommit": True})
        store = hookproof.PostgresDedup(pool)

        @app.post("/hooks/cloro")
        @verify_webhook(cloro, dedup=store)
        def cloro_hook():
            delivery = flask.g.webhook
            with pool.connection() as conn, conn.transaction():
                store.complete_in(conn, delivery)  # first: done exactly when this commits
                conn.execute("INSERT INTO effects (task, webhook_id) VALUES (%s, %s)", (delivery.dedup_key, delivery.id))
            return {"ok": True}
        # END python-transactional

    else:
        URL = "postgresql+psycopg://{user}@{host}:{port}/{dbname}".format(
            **{k: dsn_part(k) for k in ("user", "host", "port", "dbname")}
        )
        # START sqlalchemy-transactional
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import Session

        engine = create_engine(URL)
        store = hookproof.PostgresDedup(engine)

        @app.post("/hooks/cloro")
        @verify_webhook(cloro, dedup=store)
        def cloro_hook():
            delivery = flask.g.webhook
            with Session(engine) as session, session.begin():
                store.complete_in(session, delivery)  # first: done exactly when this commits
                session.execute(text("INSERT INTO effects (task, webhook_id) VALUES (:task, :id)"),
                                {"task": delivery.dedup_key, "id": delivery.id})
            return {"ok": True}
        # END sqlalchemy-transactional

store.lease = 1.0  # the tests wait out a short lease
if os.environ["TX_MODE"] == "plain":
    store.complete_in = lambda conn, delivery: None  # type: ignore[method-assign]
if STACK != "django":
    settle = store.complete

    def complete(key: str, token: str) -> Any:
        killed_after_commit(flask.g.webhook)
        return settle(key, token)

    store.complete = complete  # type: ignore[method-assign]
