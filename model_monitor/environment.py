"""Run in-process dbt with a few environment variables set, and restore them afterwards."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping

__all__ = ["patched_environ"]


@contextlib.contextmanager
def patched_environ(env: Mapping[str, str]) -> Iterator[None]:
    """Set ``env`` in ``os.environ`` for the block; afterwards each variable is as it was
    (removed again when it was not set before)."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
