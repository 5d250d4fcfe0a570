"""tui-back: daily lower-back exercises in the terminal, with a red-flag symptom checklist."""

__version__ = "0.1.0"
