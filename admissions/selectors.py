"""Reads for access codes: batches for admins, a batch's codes with who used them."""

from django.db.models import Count, Prefetch, QuerySet, Sum

from admissions.models import AccessCode, AccessCodeBatch, AccessCodeRedemption


def access_code_batch_list() -> QuerySet[AccessCodeBatch]:
    """Newest first, each with its number of codes and of uses: one query."""
    return AccessCodeBatch.objects.select_related("course", "plan", "created_by").annotate(
        code_count=Count("codes"), use_count=Sum("codes__uses", default=0)
    )


def access_code_batch_codes(*, batch: AccessCodeBatch) -> list[AccessCode]:
    """The batch's codes with their redemptions and redeemers: two queries."""
    redemptions = AccessCodeRedemption.objects.select_related("user").order_by("redeemed_at")
    return list(batch.codes.prefetch_related(Prefetch("redemptions", queryset=redemptions)).order_by("code"))
