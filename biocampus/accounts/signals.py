"""Tokens die with the credentials they were issued against: a password change (by the
user, a reset, or an admin) or a deactivation revokes every API token of the account."""

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from biocampus.accounts.models import User
from biocampus.accounts.services import api_tokens_revoke_all


@receiver(pre_save, sender=User)
def _note_password_change(sender: type, instance: User, **kwargs: Any) -> None:
    # set_password() leaves the new raw password here until the save; the save clears it.
    instance._revoke_tokens = getattr(instance, "_password", None) is not None


@receiver(post_save, sender=User)
def _revoke_stale_tokens(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    if created:
        return
    if not instance.is_active:
        api_tokens_revoke_all(user=instance, reason="deactivated")
    elif getattr(instance, "_revoke_tokens", False):
        api_tokens_revoke_all(user=instance, reason="password_changed")
