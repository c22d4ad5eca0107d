from core.throttles import UserThrottle


class PaymentInitiateThrottle(UserThrottle):
    """Each initiation writes a row and calls a gateway: a runaway client must not do it in a loop.
    Per user; the rate is `DEFAULT_THROTTLE_RATES["payment_initiate"]` when the settings name one, else 20/min."""

    scope = "payment_initiate"
    default_rate = "20/min"
