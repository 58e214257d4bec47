"""The one way this package runs dbt: in-process, with a few environment variables set for the
call only, its output captured or printed."""
from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DbtRun", "invoke", "patched_environ"]


@dataclass
class DbtRun:
    """What one dbt command did."""

    success: bool
    output: str  # what dbt printed, when captured ("" otherwise)
    exception: BaseException | None
    result: Any  # dbtRunnerResult.result: RunExecutionResult, Manifest, ... or None


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


def invoke(args: Sequence[str], project_dir: str | Path | None = None, profiles_dir: str | Path | None = None,
           env: Mapping[str, str] | None = None, capture: bool = True, manifest: Any = None) -> DbtRun:
    """Run ``dbt <args>`` in this process (``dbtRunner``), with ``--project-dir`` and
    ``--profiles-dir`` when given and ``env`` set for the call only. ``capture`` keeps dbt's
    printed output in :attr:`DbtRun.output` instead of the terminal. ``manifest`` (the result of
    a ``parse``) spares dbt parsing the project again."""
    from dbt.cli.main import dbtRunner

    cli = list(args)
    if project_dir is not None:
        cli += ["--project-dir", str(project_dir)]
    if profiles_dir is not None:
        cli += ["--profiles-dir", str(profiles_dir)]
    out = io.StringIO()
    with patched_environ(env or {}), (contextlib.redirect_stdout(out) if capture else contextlib.nullcontext()):
        res = dbtRunner(manifest=manifest).invoke(cli)
    return DbtRun(bool(res.success), out.getvalue(), res.exception, res.result)
