"""Stored media stays private (courses.videos.signed_media_url): a configuration whose links would
be public for ever is a system check error."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def check_media_links_are_signed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    # django-storages does not presign URLs on a custom domain; only CloudFront can sign them.
    custom_domain = getattr(settings, "AWS_S3_CUSTOM_DOMAIN", None)
    cloudfront = getattr(settings, "AWS_CLOUDFRONT_KEY_ID", None) and getattr(settings, "AWS_CLOUDFRONT_KEY", None)
    if settings.AWS_STORAGE_BUCKET_NAME and custom_domain and not cloudfront:
        return [
            checks.Error(
                "AWS_S3_CUSTOM_DOMAIN is set without CloudFront signing: every video link would be public for ever.",
                hint="Set AWS_CLOUDFRONT_KEY_ID and AWS_CLOUDFRONT_KEY, or unset AWS_S3_CUSTOM_DOMAIN.",
                id="courses.E001",
            )
        ]
    return []
