from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.authentication import CredentialsInBody, presented_access_token
from accounts.serializers import (
    EmailSerializer,
    LoginResponseSerializer,
    LoginSerializer,
    NoticeSerializer,
    PasswordChangedSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    RefreshSerializer,
    RegisterResponseSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    TokenSerializer,
    UserSerializer,
)
from accounts.throttles import (
    LoginEmailThrottle,
    LoginThrottle,
    PasswordChangeThrottle,
    PasswordResetEmailThrottle,
    PasswordResetThrottle,
    RegisterThrottle,
    VerificationEmailThrottle,
    VerificationThrottle,
)
from core import schema

TOKEN_REFUSED = schema.error("`Invalid or expired token.`")
REFRESH_REFUSED = schema.error("The refresh token is invalid, expired or revoked.")


def _token_pair(tokens: dict[str, str]) -> dict[str, str]:
    """`access` and `refresh`, and the same two as `access_token` and `refresh_token` (the names the
    frontend stores them under)."""
    return {**tokens, "access_token": tokens["access"], "refresh_token": tokens["refresh"]}


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PublicAuthView(APIView):
    """Auth endpoints are reachable without a token (an expired one must not block them)."""

    authentication_classes = [CredentialsInBody]
    permission_classes = [AllowAny]


class RegisterView(PublicAuthView):
    throttle_classes = [RegisterThrottle]

    @extend_schema(
        tags=["auth"],
        request=RegisterSerializer,
        responses={
            201: RegisterResponseSerializer,
            400: schema.error(
                "`Passwords do not match.`, `Email already registered.`, or `Invalid input data.` with `errors` "
                "(weak password, bad email, blank name)."
            ),
        },
    )
    def post(self, request):
        data = _valid(RegisterSerializer, request)
        user = services.user_register(
            full_name=data["full_name"],
            email=data["email"],
            password=data["password"],
            phone_number=data.get("phone_number", ""),
        )
        return Response(
            {
                "message": "Registration successful. Please check your email to confirm your account.",
                "user": UserSerializer(user).data,
            },
            status=status.HTTP_201_CREATED,
        )


class VerifyEmailView(PublicAuthView):
    @extend_schema(tags=["auth"], request=TokenSerializer, responses={200: NoticeSerializer, 400: TOKEN_REFUSED})
    def post(self, request):
        services.email_verify(token=_valid(TokenSerializer, request)["token"])
        return Response({"message": "Email verified."})


class ResendVerificationView(PublicAuthView):
    throttle_classes = [VerificationThrottle, VerificationEmailThrottle]

    @extend_schema(tags=["auth"], request=EmailSerializer, responses={200: NoticeSerializer, 400: schema.INVALID})
    def post(self, request):
        services.verification_email_resend(email=_valid(EmailSerializer, request)["email"])
        return Response({"message": "If the account exists and is not verified, a new link has been sent."})


class LoginView(PublicAuthView):
    throttle_classes = [LoginThrottle, LoginEmailThrottle]

    @extend_schema(
        tags=["auth"],
        request=LoginSerializer,
        responses={
            200: LoginResponseSerializer,
            400: schema.INVALID,
            401: schema.error("`Invalid credentials.`: unknown email, wrong password and inactive account alike."),
            403: schema.error("`Email not verified.` (only when REQUIRE_EMAIL_VERIFICATION is on)."),
        },
    )
    def post(self, request):
        data = _valid(LoginSerializer, request)
        user = services.user_login(request=request, email=data["email"], password=data["password"])
        tokens = services.token_pair_issue(user=user)
        return Response(
            {
                "message": "Login successful.",
                "token": tokens["access"],
                **_token_pair(tokens),
                "user": UserSerializer(user).data,
            }
        )


class TokenRefreshView(PublicAuthView):
    @extend_schema(tags=["auth"], request=RefreshSerializer, responses={200: TokenPairSerializer, 401: REFRESH_REFUSED})
    def post(self, request):
        tokens = services.token_refresh(refresh=_valid(RefreshSerializer, request)["refresh"])
        return Response(_token_pair(tokens))


class LogoutView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        request=RefreshSerializer,
        responses={200: NoticeSerializer, 401: REFRESH_REFUSED},
        description=(
            "Ends the session: the refresh token, every token of its login, and the access token sent in "
            "`Authorization` (if any) are refused from now on."
        ),
    )
    def post(self, request):
        refresh = _valid(RefreshSerializer, request)["refresh"]
        services.session_logout(refresh=refresh, access=presented_access_token(request))
        return Response({"message": "Logged out successfully."})


class ForgotPasswordView(PublicAuthView):
    throttle_classes = [PasswordResetThrottle, PasswordResetEmailThrottle]

    @extend_schema(tags=["auth"], request=EmailSerializer, responses={200: NoticeSerializer, 400: schema.INVALID})
    def post(self, request):
        services.password_reset_request(email=_valid(EmailSerializer, request)["email"])
        return Response({"message": "Password reset link sent to your email."})


class ResetPasswordConfirmView(PublicAuthView):
    @extend_schema(
        tags=["auth"],
        request=PasswordResetConfirmSerializer,
        responses={
            200: NoticeSerializer,
            400: schema.error(
                "`Invalid or expired token.`, `Passwords do not match.`, or a weak password with `errors`."
            ),
        },
    )
    def post(self, request):
        data = _valid(PasswordResetConfirmSerializer, request)
        services.password_reset_confirm(token=data["token"], new_password=data["new_password"])
        return Response({"message": "Your password has been updated successfully."})


class MeView(APIView):
    @extend_schema(tags=["users"], responses={200: UserSerializer})
    def get(self, request):
        return Response(UserSerializer(request.user).data)

    @extend_schema(tags=["users"], request=UserSerializer, responses={200: UserSerializer, 400: schema.INVALID})
    def put(self, request):
        return self._update(request, partial=False)

    @extend_schema(tags=["users"], request=UserSerializer, responses={200: UserSerializer, 400: schema.INVALID})
    def patch(self, request):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool):
        data = _valid(UserSerializer, request, instance=request.user, partial=partial)
        user = services.user_profile_update(user=request.user, **data)
        return Response(UserSerializer(user).data)


class ChangePasswordView(APIView):
    @extend_schema(
        tags=["users"],
        request=PasswordChangeSerializer,
        responses={
            200: PasswordChangedSerializer,
            400: schema.error("Wrong current password, `Passwords do not match.`, or a weak password with `errors`."),
            429: schema.error("Too many password changes tried (THROTTLE_PASSWORD_CHANGE): retry after `Retry-After`."),
        },
        description="Changes the password and ends every other session; answers with a fresh token pair.",
    )
    def post(self, request):
        data = _valid(PasswordChangeSerializer, request)
        # Counted once the body is readable, just before the current password is checked: what is
        # limited is guesses, not malformed requests.
        throttle = PasswordChangeThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        services.password_change(
            user=request.user, current_password=data["current_password"], new_password=data["new_password"]
        )
        tokens = services.token_pair_issue(user=request.user)
        return Response({"message": "Password changed successfully.", **_token_pair(tokens)})
