"""What is on the terminal, as text, read from Textual's own screenshot (what the user sees)."""

from __future__ import annotations

import html
import re


def screen_text(app) -> str:
    """Every character on screen, whitespace runs collapsed to one space (so wrapped lines join)."""
    svg = app.export_screenshot()
    body = svg[svg.index("<g class=\"terminal-") :] if "<g class=\"terminal-" in svg else svg
    texts = re.findall(r"<text[^>]*>(.*?)</text>", body, flags=re.S)
    plain = html.unescape("".join(f"{t} " if t.endswith("\n") else t for t in texts)).replace("\xa0", " ")
    return re.sub(r"\s+", " ", plain)


def on_screen(app, message: str) -> bool:
    return re.sub(r"\s+", " ", message) in screen_text(app)
