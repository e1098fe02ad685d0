"""The tenancy module's e-mails: a password-reset link and a team invitation.

Until the messaging module renders templates per platform, the texts are composed here.
"""

from __future__ import annotations

from mercato.ports.mail import MailMessage

__all__ = ["invitation_message", "password_reset_message"]


def password_reset_message(email: str, name: str, link: str) -> MailMessage:
    """The reset e-mail: the single-use link, its lifetime, and what to do if unasked."""
    body = (
        f"Hello {name},\n\n"
        "Someone (hopefully you) asked to reset the password of this account. Choose a new "
        "password within the hour, once, at:\n\n"
        f"{link}\n\n"
        "If you did not ask, ignore this e-mail: your password stays as it is.\n"
    )
    return MailMessage(email, "Reset your password", body)


def invitation_message(email: str, vendor_name: str, role: str, link: str) -> MailMessage:
    """The invitation e-mail: which team, which role, and the single-use link."""
    body = (
        f"Hello,\n\nYou are invited to join the team of {vendor_name} as {role}. "
        "Accept the invitation (within seven days, once) at:\n\n"
        f"{link}\n\n"
        "If you did not expect this invitation, ignore this e-mail.\n"
    )
    return MailMessage(email, f"Join the team of {vendor_name}", body)
