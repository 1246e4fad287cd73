"""The one exception type for errors a user can cause and fix."""


class GovtextError(Exception):
    """A user-fixable problem: the message names the file (or setting) and the fix.

    The CLI prints it on one line and exits non-zero, without a traceback.
    """
