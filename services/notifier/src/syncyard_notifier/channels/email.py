"""E-mail delivery over SMTP (aiosmtplib): plain text with the exact problem and the link."""

import uuid
from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from syncyard_notifier import compose
from syncyard_notifier.channels.errors import DeliveryFailed
from syncyard_notifier.settings import NotifierSettings


def message(
    *, sender: str, to: str, alert_id: uuid.UUID, content: compose.AlertContent
) -> EmailMessage:
    """The e-mail for one alert; the Message-ID carries the alert id so resends can be spotted."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = to
    email["Subject"] = content.title
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = f"<{alert_id}@syncyard.notifier>"
    email["X-Syncyard-Alert-Id"] = str(alert_id)
    lines = [content.text, ""]
    lines += [f"{name}: {value}" for name, value in content.fields.items()]
    email.set_content("\n".join(lines) + "\n")
    return email


async def send(
    *, settings: NotifierSettings, to: str, alert_id: uuid.UUID, content: compose.AlertContent
) -> None:
    """Hand one alert to the SMTP server; raises DeliveryFailed when it is not accepted."""
    email = message(sender=settings.smtp_from, to=to, alert_id=alert_id, content=content)
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    try:
        await aiosmtplib.send(
            email,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            start_tls=settings.smtp_starttls,
            timeout=settings.smtp_timeout_seconds,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"SMTP: {type(exc).__name__}: {exc}") from None
