from core.throttles import ClientIPThrottle, UserThrottle


class AccessCodeRedeemThrottle(UserThrottle):
    """Guessing codes must be slow: redemptions per user, `DEFAULT_THROTTLE_RATES["access_code_redeem"]`
    when the settings name one, else 10/min."""

    scope = "access_code_redeem"
    default_rate = "10/min"


class AccessCodeRedeemIPThrottle(ClientIPThrottle):
    """And per client IP, so many accounts on one machine guess no faster:
    `DEFAULT_THROTTLE_RATES["access_code_redeem_ip"]`, else 30/min."""

    scope = "access_code_redeem_ip"
    default_rate = "30/min"
