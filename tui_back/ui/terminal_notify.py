"""Desktop notifications through the terminal: OSC 9 and OSC 777 escape sequences.

Terminals that know either sequence turn it into a desktop notification on the user's own machine,
also over SSH; the others ignore it. OSC 9 is iTerm2's sequence, also read by WezTerm, kitty and
Ghostty; OSC 777 ("notify") comes from rxvt-unicode's notify extension and is read by foot, WezTerm,
Ghostty and VTE-based terminals carrying the notification patch (GNOME Terminal on Fedora). tmux
passes neither on unless `allow-passthrough` is on. Off by default (`notifications = true`).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f;]")
"""Control characters could end the sequence early or start another; `;` separates OSC 777 fields."""


def clean(text: str) -> str:
    return _UNSAFE.sub(" ", text).strip()


def osc_notification(title: str, body: str) -> str:
    """Both sequences, each ended by BEL (the terminator every terminal above accepts)."""
    title, body = clean(title), clean(body)
    return f"\x1b]9;{title}: {body}\x07\x1b]777;notify;{title};{body}\x07"
