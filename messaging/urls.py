from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/conversations/", views.ConversationListView.as_view(), name="conversation-list"),
    path(
        "messages/conversation/<uuid:other_user_id>/",
        views.ConversationMessagesView.as_view(),
        name="conversation-messages",
    ),
    path(
        "messages/conversation/<uuid:other_user_id>/read/",
        views.ConversationReadView.as_view(),
        name="conversation-read",
    ),
    path("messages/send/", views.MessageSendView.as_view(), name="message-send"),
]
