"""Pure domain code: no textual, rich or tinydb imports (tests/test_import_hygiene.py enforces it)."""
