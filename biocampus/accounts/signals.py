"""Tokens die with the credentials they were issued against: a password change (by the
user, a reset, or an admin) or a deactivation revokes every API token of the account."""

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from biocampus.accounts.models import User
from biocampus.accounts.services import api_tokens_revoke_all


@receiver(pre_save, sender=User)
def _note_password_change(
    sender: type, instance: User, update_fields: Any = None, **kwargs: Any
) -> None:
    # Compared with the stored hash, so set_unusable_password() (the admin's "disable
    # password sign-in") counts as a change too; saves that leave the password alone skip it.
    instance._revoke_tokens = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._revoke_tokens = stored is not None and stored != instance.password


@receiver(post_save, sender=User)
def _revoke_stale_tokens(sender: type, instance: User, created: bool, **kwargs: Any) -> None:
    if created:
        return
    if not instance.is_active:
        api_tokens_revoke_all(user=instance, reason="deactivated")
    elif getattr(instance, "_revoke_tokens", False):
        api_tokens_revoke_all(user=instance, reason="password_changed")
