"""Locale detection that sees through Python's C-locale coercion (PEP 538/540)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui_back.symbols import is_utf8, locale_codeset, terminal_encoding


@pytest.mark.parametrize(
    ("environ", "utf8"),
    [
        ({"LANG": "en_GB.UTF-8"}, True),
        ({"LANG": "C.UTF-8"}, True),
        ({"LC_ALL": "de_DE.utf8", "LANG": "C"}, True),
        ({"LANG": "C"}, False),
        ({"LANG": "POSIX"}, False),
        ({}, False),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, False),  # what Python's coercion leaves behind
        ({"LC_CTYPE": "C.UTF-8"}, False),
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "C.UTF-8"}, True),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "C"}, False),
        ({"LANG": "en_US"}, False),
        ({"LANG": "ru_RU.KOI8-R"}, False),
        ({"LC_CTYPE": "en_US.UTF-8@euro", "LANG": "C"}, True),
    ],
)
def test_the_first_locale_variable_set_decides(environ, utf8):
    assert is_utf8(locale_codeset(environ)) is utf8
    assert is_utf8(terminal_encoding(environ)) is utf8 or not utf8


def test_a_non_utf8_locale_means_ascii_even_if_the_stream_says_utf8():
    assert not is_utf8(terminal_encoding({"LANG": "C"}))
    assert terminal_encoding({"LANG": "C", "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}) == "utf-8"


def test_under_lang_c_python_reports_utf8_but_the_app_does_not_believe_it():
    code = "import sys; from tui_back.symbols import terminal_encoding; print(sys.stderr.encoding, terminal_encoding())"
    env = {"LANG": "C", "PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    stream, ours = out.split()
    assert is_utf8(stream), "Python coerces the C locale (the reason for the check)"
    assert not is_utf8(ours)
