"""The authentication backend: allauth's, loading the relations the roles read with the user."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model

from campus_portal import roles


class AccountBackend(AuthenticationBackend):
    """Each request's user comes with its role profiles (and what else the roles declare in
    `Role.user_relations`) in one query: telling the role costs no query of its own."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(*roles.user_relations())
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
