"""Fixtures shared by the Pilot tests."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from tui_back.domain.triage import GateOutcome
from tui_back.ui import gate


class PassingGate(ModalScreen[GateOutcome]):
    """Stands in for the real gate where the gate is not what a test is about."""

    def on_mount(self) -> None:
        self.dismiss(GateOutcome(True, False, "No emergency signs."))


@pytest.fixture
def passing_gate(monkeypatch):
    monkeypatch.setattr(gate, "GateScreen", PassingGate)
