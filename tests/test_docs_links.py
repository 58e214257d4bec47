"""The documentation's links resolve: every relative link ``[text](path#anchor)`` in the
repository's Markdown files points at a file inside the repository, and an ``#anchor`` at a
heading of the target Markdown file (GitHub's slugs). Absolute links are web links only, never a
file outside the repository. The README stays a two-minute read (at most 11,000 bytes)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parents[1]
README_MAX_BYTES = 11_000
# Directories whose Markdown is not the project's (virtualenvs, build output, installed packages).
EXCLUDED = (".venv", "benchmarks/.venv", "build", "integration_tests/dbt_packages", "integration_tests/target")
# Patterns of the project's own pages, also when they are not tracked by git yet.
GLOBS = ("README.md", "ARCHITECTURE.md", "docs/**/*.md", "benchmarks/*.md")
WEB_SCHEMES = ("http", "https")
IGNORED_SCHEMES = ("mailto",)
FORBIDDEN_TEXT = ("../shared", "INTERFACE.md")


def _excluded(relative: str) -> bool:
    return any(relative == d or relative.startswith(d + "/") for d in EXCLUDED)


def markdown_files() -> list[Path]:
    """Tracked Markdown files (``git ls-files``) plus the project's pages matched by GLOBS."""
    found: set[str] = set()
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", "*.md"], cwd=REPO, check=True,
                                capture_output=True, text=True).stdout
        found.update(name for name in listed.split("\0") if name)
    except (OSError, subprocess.CalledProcessError):  # no git: the globs alone
        pass
    for pattern in GLOBS:
        found.update(p.relative_to(REPO).as_posix() for p in REPO.glob(pattern) if p.is_file())
    return sorted(REPO / name for name in found if not _excluded(name) and (REPO / name).is_file())


# -- Markdown parsing ------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.S)
# [text](target "title") and ![alt](target); text may hold one level of brackets
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)", re.M)
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:name|id)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks (``` or ~~~); code lines become empty strings, so
    line numbers are kept."""
    lines, fence = [], None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * len(match.group(1))
            lines.append("")
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return lines


def links(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every inline link, image and reference definition outside code."""
    found = []
    for number, line in enumerate(prose_lines(text), start=1):
        line = _INLINE_CODE.sub(lambda m: "code", line)
        for match in _INLINE_LINK.finditer(line):
            found.append((number, match.group(1).strip("<>")))
        for match in _REFERENCE_DEFINITION.finditer(line):
            found.append((number, match.group(1).strip("<>")))
    return found


def github_slug(heading: str) -> str:
    """GitHub's anchor of a heading: the rendered text (links reduced to their text, code spans to
    their content, emphasis markers dropped), lower-cased, every character that is not a letter,
    digit, space, '-' or '_' removed, spaces turned into '-'."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)   # [text](url) -> text
    text = re.sub(r"<[^>]+>", "", text)                          # inline HTML tags
    text = text.replace("`", "")
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Every anchor a Markdown file offers: its headings' slugs (repeated slugs numbered -1, -2,
    as GitHub does) and explicit HTML anchors."""
    seen: dict[str, int] = {}
    result: set[str] = set()
    lines = prose_lines(text)
    headings = []
    for i, line in enumerate(lines):
        atx = _ATX_HEADING.match(line)
        if atx:
            headings.append(atx.group(2))
        elif (i > 0 and lines[i - 1].strip() and not _ATX_HEADING.match(lines[i - 1])
              and _SETEXT_UNDERLINE.match(line) and (line.strip()[0] == "=" or len(line.strip()) >= 2)
              and not lines[i - 1].lstrip().startswith(("|", "-", "*", ">"))):
            headings.append(lines[i - 1].strip())
    for heading in headings:
        slug = github_slug(heading)
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    for line in lines:
        result.update(_HTML_ANCHOR.findall(line))
    return result


# -- checking --------------------------------------------------------------------------------------

def link_problem(source: Path, target: str) -> str | None:
    """Why `target`, a link in the Markdown file `source`, does not resolve; None when it does."""
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", target)
    if scheme:
        name = scheme.group(1).lower()
        if name in WEB_SCHEMES or name in IGNORED_SCHEMES:
            return None
        return f"'{target}': only http(s) and mailto links may be absolute (a '{name}:' link leaves the repository)"
    if target.startswith("//"):
        return f"'{target}': a protocol-relative link; write https://"
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part.split("?", 1)[0])
    if path_part.startswith("/"):
        return f"'{target}': an absolute path points outside the repository; use a relative link"
    resolved = (source.parent / path_part).resolve() if path_part else source.resolve()
    root = REPO.resolve()
    if resolved != root and root not in resolved.parents:
        return f"'{target}': resolves to {resolved}, outside the repository"
    if not resolved.exists():
        return f"'{target}': {resolved.relative_to(root)} does not exist"
    if anchor:
        if resolved.is_dir() or resolved.suffix.lower() != ".md":
            return f"'{target}': an anchor on a file that is not Markdown"
        offered = anchors(resolved.read_text(encoding="utf-8"))
        if unquote(anchor) not in offered:
            return (f"'{target}': no heading of {resolved.relative_to(root)} has the anchor '#{anchor}'"
                    f" (anchors: {', '.join(sorted(offered))})")
    return None


def ignored_by_git(paths: list[Path]) -> set[Path]:
    """Those of `paths` that git ignores (build output, virtualenvs): a link to one would not
    resolve in a clone. Empty when git is not available."""
    if not paths:
        return set()
    try:
        out = subprocess.run(["git", "check-ignore", "--no-index", "--stdin", "-z"], cwd=REPO,
                             input="\0".join(str(p) for p in paths) + "\0",
                             capture_output=True, text=True).stdout
    except OSError:
        return set()
    return {Path(name) for name in out.split("\0") if name}


FILES = markdown_files()


def test_markdown_files_are_found():
    names = {p.relative_to(REPO).as_posix() for p in FILES}
    assert "README.md" in names
    assert any(name.startswith("docs/") for name in names), "no page under docs/"
    assert not any(_excluded(name) for name in names)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_resolve(path: Path):
    text = path.read_text(encoding="utf-8")
    problems = []
    local_targets = []
    for number, target in links(text):
        problem = link_problem(path, target)
        if problem:
            problems.append(f"{path.relative_to(REPO)}:{number}: {problem}")
        elif not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            path_part = unquote(target.partition("#")[0].split("?", 1)[0])
            if path_part:
                local_targets.append((number, target, (path.parent / path_part).resolve()))
    ignored = ignored_by_git([resolved for _, _, resolved in local_targets])
    for number, target, resolved in local_targets:
        if resolved in ignored:
            problems.append(f"{path.relative_to(REPO)}:{number}: '{target}' points at a file git ignores")
    assert not problems, "broken links:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_reference_outside_the_repository(path: Path):
    text = path.read_text(encoding="utf-8")
    found = [needle for needle in FORBIDDEN_TEXT if needle in text]
    assert not found, f"{path.relative_to(REPO)} mentions {found}: documentation stays inside the repository"


def test_readme_is_short():
    size = (REPO / "README.md").stat().st_size
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; keep it at most {README_MAX_BYTES} (move details to docs/)"


# -- the checker itself ----------------------------------------------------------------------------

def test_github_slugs():
    assert github_slug("Python UDFs (p-values)") == "python-udfs-p-values"
    assert github_slug("`profile` (the default): bounded window profiles") == "profile-the-default-bounded-window-profiles"
    assert github_slug("Snowflake, BigQuery, Databricks") == "snowflake-bigquery-databricks"
    assert github_slug("drift_within") == "drift_within"
    assert github_slug("Freshness, SLOs and alerts") == "freshness-slos-and-alerts"
    assert github_slug("From 0.1 to 0.2") == "from-01-to-02"
    assert github_slug("[Link](x.md) text") == "link-text"


def test_checker_catches_broken_links(tmp_path, monkeypatch):
    """A missing file, a missing anchor and a path leaving the repository are reported; links in
    code are not links; repeated headings get GitHub's numbered anchors."""
    page = REPO / "docs" / "configuration.md"
    assert link_problem(page, "no-such-page.md") is not None
    assert link_problem(page, "statistics.md#no-such-heading") is not None
    assert link_problem(page, "../../outside.md") is not None
    assert link_problem(page, "/etc/passwd") is not None
    assert link_problem(page, "file:///etc/passwd") is not None
    assert link_problem(page, "https://docs.getdbt.com/") is None
    assert link_problem(page, "mailto:someone@example.com") is None
    assert link_problem(page, "statistics.md#bins") is None
    assert link_problem(page, "#thresholds") is None
    text = "# A\n\n## Same\n\n## Same\n\n```yaml\n# not a heading\n[x](missing.md)\n```\n`[y](missing.md)`\n[z](real.md#same-1)\n"
    assert anchors(text) >= {"a", "same", "same-1"}
    assert "not-a-heading" not in anchors(text)
    assert [t for _, t in links(text)] == ["real.md#same-1"]
