from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"

    def ready(self):
        from accounts.signals import sessions_ended
        from messaging.realtime import sessions_ended_receiver

        # A logout, password change or reset, or deactivation closes the user's open sockets.
        sessions_ended.connect(sessions_ended_receiver, dispatch_uid="messaging.sessions_ended")
