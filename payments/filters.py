import django_filters

from payments.models import Payment


class PaymentFilter(django_filters.FilterSet):
    """`?status=` and `?provider=`; an unknown value is a 400, not an empty list."""

    status = django_filters.ChoiceFilter(choices=Payment.Status.choices)
    provider = django_filters.ChoiceFilter(choices=Payment.Provider.choices)

    class Meta:
        model = Payment
        fields = ["status", "provider"]
