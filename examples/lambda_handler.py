"""An AWS Lambda handler for cloro deliveries, behind API Gateway (REST or
HTTP API) or a function URL. Handler setting: lambda_handler.handler;
environment: CLORO_WEBHOOK_SECRET.
"""

# START lambda-python
import json

import hookproof
from hookproof.aws_lambda import verify_webhook

cloro = hookproof.Webhook.from_env("cloro", "CLORO_WEBHOOK_SECRET")


@verify_webhook(cloro)
def handler(event, delivery, context):
    task = delivery.json()["task"]["id"]
    return {"statusCode": 200, "body": json.dumps({"received": task})}
# END lambda-python
