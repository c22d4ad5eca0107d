from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class SendMessageThrottle(UserRateThrottle):
    """Sending messages, per user (scope `send_message`, `THROTTLE_SEND_MESSAGE`, default 60/min).

    The rate is read from the settings on each request rather than once at import, so a change of
    `REST_FRAMEWORK` (an override in tests, a reload) takes effect. Counters live in the shared
    cache, so the limit holds across server processes when Redis is configured.
    """

    scope = "send_message"

    def get_rate(self) -> str:
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
