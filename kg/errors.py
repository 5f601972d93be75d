"""Errors a user can cause and fix.

A `UserError` is shown by click as one line, `Error: <message>`, with exit status 1 and no traceback.
The message says what went wrong *and* what to do next ("...: no such file; give a .txt or .md file or
a directory"). Everything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """A one-line error caused by the user's input or environment."""

    def __init__(self, message: str) -> None:
        # one line, whatever the wrapped library said
        super().__init__(" ".join(str(message).split()))
