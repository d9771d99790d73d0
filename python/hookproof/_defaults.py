"""``SCHEME_DEFAULT``: the default of every ``tolerance=`` parameter.

It keeps the scheme's own window: 300 s for most presets, 60 for Linear, 180
for Calendly, off for senders that send no timestamp (docs/presets.md).
``None`` already means "off", and one number would be wrong for most presets,
so the signatures name this value: ``help(hookproof.Webhook)`` shows
``tolerance=hookproof.SCHEME_DEFAULT``.

It is a ``str`` only because ``inspect`` can show a default in a native
function's signature only when it is a plain literal type; the binding
recognises it by identity, never by its text. This module never imports
``hookproof._native``.
"""

from __future__ import annotations

__all__ = ["SCHEME_DEFAULT", "SchemeDefault"]


class SchemeDefault(str):
    """The type of ``SCHEME_DEFAULT``; there is one instance."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "hookproof.SCHEME_DEFAULT"

    def __reduce__(self) -> str:
        # Pickles as a reference to the module attribute: one instance.
        return "SCHEME_DEFAULT"


SCHEME_DEFAULT = SchemeDefault("scheme default")
