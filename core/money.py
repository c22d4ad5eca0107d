"""Money as the API writes it: a decimal string with two places ("60.00"), never a float."""

from decimal import Decimal


def format_money(value: Decimal | int | str) -> str:
    """`Decimal("60")` -> `"60.00"`, as DRF's DecimalField(decimal_places=2) writes it. A string is
    taken as already written (rows from the catalogue cache store prices that way)."""
    return value if isinstance(value, str) else f"{value:.2f}"
