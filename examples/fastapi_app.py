"""A FastAPI receiver for Fileloom deliveries (the README's FastAPI quick start).

    FILELOOM_WEBHOOK_SECRET=... uvicorn examples.fastapi_app:app
"""

# START fastapi
import hookproof
from fastapi import Depends, FastAPI
from hookproof.fastapi import verified_webhook

app = FastAPI()
fileloom = hookproof.Webhook.from_env("fileloom", "FILELOOM_WEBHOOK_SECRET")


@app.post("/hooks/fileloom")
async def fileloom_hook(delivery: hookproof.Verified = Depends(verified_webhook(fileloom))):
    event = delivery.json()
    return {"event": delivery.event, "file": event["data"]["fileId"]}
# END fastapi
