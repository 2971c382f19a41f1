"""Fault injection, for testing how runs recover from a process that dies (never set in real
runs): with Settings.crash_on (or $TIDINGS_CRASH_ON) set, the process about to process an
article whose text holds that string is killed by the signal the kernel's out-of-memory killer
sends, so that nothing in Python (no handler, no `finally`) sees it, as with a crash in native
code. Every engine honours it where it processes articles, so a test can make one input kill
whichever worker takes it and watch what the run does.
"""

from __future__ import annotations

import os
import signal

from tidings.config import Settings

# SIGKILL where there is one (POSIX); elsewhere the hardest stop there is.
_KILL = getattr(signal, "SIGKILL", signal.SIGTERM)


def crash_if_marked(settings: Settings, text: str) -> None:
    """Kill this process if the settings ask for a crash on a text like this one."""
    if settings.crash_on and settings.crash_on in text:
        os.kill(os.getpid(), _KILL)
