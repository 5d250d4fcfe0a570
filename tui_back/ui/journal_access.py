"""How widgets reach the journal: with a type, and with its database calls off the event loop.

Every tui-back app (and every test host) has a `ctx`; `context_of(widget)` is it, typed, and
`journal_of(widget)` its journal.
`in_thread(widget, call)` runs a journal call in a thread worker of the widget, in the
`JOURNAL_WORK` group, and hands back its result, so a save or a read of years of history never
holds up the session timer or a key press.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.worker import WorkerCancelled, WorkerFailed

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui_back.context import AppContext
    from tui_back.journal import Journal

JOURNAL_WORK = "journal"
"""The worker group of every journal call (tests wait for it)."""

T = TypeVar("T")


class _WithContext(Protocol):
    ctx: AppContext


def context_of(node: DOMNode) -> AppContext:
    """The context (settings, clock, catalogue) of the app `node` belongs to."""
    return cast(_WithContext, node.app).ctx


def journal_of(node: DOMNode) -> Journal:
    return context_of(node).journal


async def in_thread(node: DOMNode, call: Callable[[], T]) -> T:
    """`call()` run in a thread; its exception, if any, is raised here as it was raised there.

    If the thread's worker is cancelled (the app is closing), the caller is cancelled with it.
    """
    worker = node.run_worker(call, thread=True, group=JOURNAL_WORK, exit_on_error=False)
    try:
        return await worker.wait()
    except WorkerFailed as failed:
        raise failed.error from None
    except WorkerCancelled:
        raise asyncio.CancelledError from None
