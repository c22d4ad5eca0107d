"""Serializer pieces every app uses."""

from rest_framework import serializers
from rest_framework.fields import empty


class FormBooleanField(serializers.BooleanField):
    # DRF reads a boolean left out of a multipart form as False; here it is "not sent", so a PATCH
    # that uploads a new video does not unpublish the course.
    default_empty_html = empty
