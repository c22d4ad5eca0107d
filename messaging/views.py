"""Messaging endpoints (contract section 3). Views parse input, call one selector or service, and
shape the output; the rules live in `messaging.selectors` and `messaging.services`."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core import schema
from messaging import selectors, services
from messaging.models import Conversation
from messaging.serializers import (
    ConversationPageQuerySerializer,
    ConversationSerializer,
    MarkReadResultSerializer,
    MessageSendSerializer,
    MessageSerializer,
)
from messaging.throttles import SendMessageThrottle

UNKNOWN_USER = schema.error("Unknown user.")


@extend_schema(tags=["messaging"], responses={200: ConversationSerializer(many=True)})
class ConversationListView(generics.ListAPIView):
    """My conversations, newest first: one row per other user, with the last message and unread count.

    A plain array of at most the 500 most recent conversations; `?limit=&offset=` pages through all.
    """

    serializer_class = ConversationSerializer
    unpaginated_cap = 500

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Conversation.objects.none()
        return selectors.conversation_list(user=self.request.user)


class ConversationMessagesView(APIView):
    @extend_schema(
        tags=["messaging"],
        parameters=[ConversationPageQuerySerializer],
        responses={
            200: MessageSerializer(many=True),
            400: schema.error("A bad `limit`, or a `before` that is not a message of this conversation."),
            404: UNKNOWN_USER,
        },
    )
    def get(self, request, other_user_id):
        """Messages between me and `other_user_id`, oldest first.

        `?limit=N` (1..100): the N newest; `&before=<message id>`: the N just older than that message.
        Without `limit`: the newest 500. 404 for an unknown user; 400 for a bad `limit` or a `before`
        that is not a message of this conversation.
        """
        query = ConversationPageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        other_user = selectors.conversation_partner_get(user_id=other_user_id)
        messages = selectors.conversation_messages(user=request.user, other_user=other_user, **query.validated_data)
        return Response(MessageSerializer(messages, many=True).data)


class ConversationReadView(APIView):
    @extend_schema(tags=["messaging"], request=None, responses={200: MarkReadResultSerializer, 404: UNKNOWN_USER})
    def post(self, request, other_user_id):
        """Mark every message `other_user_id` sent me as read: `{updated: N}`. 404 for an unknown user."""
        other_user = selectors.conversation_partner_get(user_id=other_user_id)
        updated = services.conversation_mark_read(reader=request.user, other_user=other_user)
        return Response({"updated": updated})


class MessageSendView(APIView):
    throttle_classes = [SendMessageThrottle]

    @extend_schema(
        tags=["messaging"],
        request=MessageSendSerializer,
        responses={
            201: MessageSerializer,
            400: schema.error("Blank, over 5000 characters, to myself, or a malformed `receiver_id`."),
            404: schema.error("Unknown or inactive receiver."),
        },
    )
    def post(self, request):
        """Send a message: 201 with the message. 400 blank, over 5000 characters, to myself or a
        malformed `receiver_id`; 404 unknown or inactive receiver; 429 throttled."""
        serializer = MessageSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_send(sender=request.user, **serializer.validated_data)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
