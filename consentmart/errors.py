"""The one exception type the command turns into a one-line message."""


class ConsentMartError(Exception):
    """A failure the user can act on; its message is shown as one line."""
