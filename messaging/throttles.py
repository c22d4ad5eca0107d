from core.throttles import UserThrottle


class SendMessageThrottle(UserThrottle):
    """Sending messages, per user (scope `send_message`, `THROTTLE_SEND_MESSAGE`, default 60/min)."""

    scope = "send_message"
