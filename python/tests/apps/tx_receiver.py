"""A receiver whose handler writes to PostgreSQL, for the exactly-once
effects tests (test_transactional_dedup.py), served by gunicorn.

``TX_STACK`` picks how it reaches the database: ``psycopg`` (Flask and a
psycopg pool), ``sqlalchemy`` (Flask and a SQLAlchemy engine and session) or
``django`` (Django's own connection and ``transaction.atomic()``).
``TX_MODE=transactional`` completes the claim inside the handler's
transaction (``complete_in``); ``plain`` leaves it to the integration.

Each delivery inserts one row into ``TX_TABLE``_effects. A task id starting
with ``kill`` has the process killed right after the first attempt's
commit, before it answers; ``rollback`` makes the first attempt raise after its write (so the
transaction rolls back).
"""

from __future__ import annotations

import os
import signal
from typing import Any

import hookproof

DSN = os.environ["DATABASE_DSN"]  # host=… port=… user=… dbname=…
STACK = os.environ["TX_STACK"]
TRANSACTIONAL = os.environ["TX_MODE"] == "transactional"
TABLE = os.environ["TX_TABLE"]
EFFECTS = f"INSERT INTO {TABLE}_effects (delivery) VALUES (%s)"
cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


def after_commit(delivery: hookproof.Verified) -> dict[str, Any]:
    if delivery.dedup_key.startswith("kill") and delivery.id.endswith("-1"):
        os.kill(os.getpid(), signal.SIGKILL)  # committed, never answered
    return {"processed": delivery.dedup_key}


def before_commit(delivery: hookproof.Verified) -> None:
    if delivery.dedup_key.startswith("rollback") and delivery.id.endswith("-1"):
        raise RuntimeError("the first attempt fails after its write")


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
    from django.db import connection, transaction
    from django.http import JsonResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt
    from hookproof.django import verify_webhook as django_verify

    store = hookproof.PostgresDedup(connection, table=TABLE, lease=1)

    @csrf_exempt
    @django_verify(cloro, dedup=store)
    def hook(request: Any) -> Any:
        delivery = request.webhook
        with transaction.atomic():
            if TRANSACTIONAL:
                store.complete_in(connection, delivery)
            with connection.cursor() as cursor:
                cursor.execute(EFFECTS, [delivery.dedup_key])
            before_commit(delivery)
        return JsonResponse(after_commit(delivery))

    urlpatterns = [path("hooks/cloro", hook)]
    app = get_wsgi_application()
else:
    import flask
    from hookproof.flask import verify_webhook

    app = flask.Flask(__name__)

    if STACK == "psycopg":
        from psycopg_pool import ConnectionPool

        pool = ConnectionPool(DSN, min_size=1, max_size=4, kwargs={"autocommit": True}, open=True)
        store = hookproof.PostgresDedup(pool, table=TABLE, lease=1)

        def handle(delivery: hookproof.Verified) -> None:
            with pool.connection() as conn, conn.transaction():
                if TRANSACTIONAL:
                    store.complete_in(conn, delivery)
                conn.execute(EFFECTS, [delivery.dedup_key])
                before_commit(delivery)

    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import Session

        engine = create_engine(
            "postgresql+psycopg://{user}@{host}:{port}/{dbname}".format(
                **{k: dsn_part(k) for k in ("user", "host", "port", "dbname")}
            )
        )
        store = hookproof.PostgresDedup(engine, table=TABLE, lease=1)

        def handle(delivery: hookproof.Verified) -> None:
            with Session(engine) as session, session.begin():
                if TRANSACTIONAL:
                    store.complete_in(session, delivery)
                session.execute(text(f"INSERT INTO {TABLE}_effects (delivery) VALUES (:d)"), {"d": delivery.dedup_key})
                before_commit(delivery)

    @app.post("/hooks/cloro")
    @verify_webhook(cloro, dedup=store)
    def hook() -> Any:
        delivery = flask.g.webhook
        handle(delivery)
        return after_commit(delivery)
