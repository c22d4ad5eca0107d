import time

from core.throttles import UserThrottle


class SendMessageThrottle(UserThrottle):
    """Sending messages, per user (scope `send_message`, `THROTTLE_SEND_MESSAGE`, default 60/min)."""

    scope = "send_message"


class TypingFrameThrottle:
    """Typing frames, per socket: a burst of at most `rate`, refilled at `rate` a second (a token bucket).

    In the socket's own memory, not the DRF throttles' shared cache: a typing indicator is relayed
    many times a minute and a cache round trip per frame would cost more than the relay; the limit
    is what matters, not how it adds up across a user's sockets (each is limited).
    """

    def __init__(self, *, rate: int, clock=time.monotonic):
        self.rate = rate
        self._clock = clock
        self._tokens = float(rate)
        self._last = clock()
        self._refusing = False

    def allow(self) -> tuple[bool, bool]:
        """(whether this frame may be relayed, whether it is the first refused since the last relayed)."""
        now = self._clock()
        self._tokens = min(float(self.rate), self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            self._refusing = False
            return True, False
        first_refusal = not self._refusing
        self._refusing = True
        return False, first_refusal
