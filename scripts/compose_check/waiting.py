"""Polling with a deadline: the check waits for things that take a moment (healthchecks, scrapes,
alerts), never for a fixed time."""
import time


def wait_for(what, attempt, timeout, interval=1.0):
    """Calls `attempt` until it returns something truthy; AssertionError naming `what` and the last
    answer after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            last = attempt()
            if last:
                return last
        except (AssertionError, OSError, ValueError, KeyError) as error:
            last = error
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s (last: {str(last)[:500]})")
        time.sleep(interval)
