"""Columns of space-aligned tables in plain text, as ``pdftotext -layout`` writes them.

A layout-preserving converter keeps a table's columns where they stood on the page by
padding with spaces, and writes nothing at all for an empty cell: read as a run of
numbers, the row's later numbers would slide left into the empty cell's column. This
module finds the rows whose numbers stand in columns, infers the columns from where the
numbers of several rows (or the words of the header above a single row) line up, and
rewrites each such row as tab-separated cells, an empty cell where the row has no number
under a column. The table reader then sees the blanks as it does in tab-separated text.

Only lines that end in numbers (or missing-cell markers) separated by spaces are
candidates, and only where the numbers of several lines line up in columns padded with
runs of spaces: prose, even justified prose with wide gaps, is left as it is. A rewritten
line keeps every character but the spaces between its cells. A cell's number that
wrapped onto the next line in a narrow cell (``575`` over ``2``) is joined back first.
Both repairs are reported as ``info`` findings.

Positions are character columns of the text (a CJK character counts one, as
``pdftotext -layout`` writes them). Work is linear in the input: every comparison looks a
bounded number of lines around a line.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

from .._fold import per_document, to_halfwidth
from ..codes import ALIGNED_COLUMNS, WRAPPED_NUMBER_JOINED
from ..document import Line, is_missing_marker
from ..findings import Finding

__all__ = ["Aligned", "align_columns"]

_WORD = regex.compile(r"\S+")
_VALUE = regex.compile(r"[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万元|万|元|%)?")
_DIGITS = regex.compile(r"\d+")
# A section heading (四、政府信息公开行政复议、行政诉讼情况): tables do not reach across it.
_HEADING = regex.compile(r"^[一二三四五六七八九十]+[、.．]")
_SENTENCE_END = regex.compile(r"[。；;]")
_GAP = regex.compile(r"\S {2,}\S")

_WINDOW = 25
"""How far (lines) a row looks for the rows that show its table's columns."""
_HEADER_REACH = 6
"""How many lines above a lone row are read for its header's columns."""
_TOLERANCE = 4
"""How far (half characters) a number may stand from its column: converters round."""
_LONE_REACH = 4
"""How near (lines) a single row may be to the row it shows the columns of."""
_MAX_CELLS = 40
_LABEL_WIDTH = 32
"""Longest text before a row's numbers: a longer one is a line of prose."""
_PROSE_WIDTH = 20


@attrs.frozen
class Aligned:
    lines: tuple[Line, ...]
    findings: tuple[Finding, ...]


@attrs.frozen
class _Tok:
    text: str
    start: int
    """Character column (form feeds at the line's start not counted)."""
    end: int
    gap: int
    """Spaces before the token."""


@attrs.frozen
class _Row:
    prefix: str
    """The text before the first value (the row's label), trailing spaces removed."""
    toks: tuple[_Tok, ...]

    @property
    def padded(self) -> bool:
        """Some gap of the row is wider than one space: the converter padded columns."""
        return any(t.gap >= 2 for t in self.toks)


@attrs.define
class _Col:
    """Where a column's cells stand: the ranges of their starts, ends and (doubled) centres."""

    s: list[int]
    e: list[int]
    c: list[int]

    @classmethod
    def of(cls, start: int, end: int) -> _Col:
        return cls([start, start], [end, end], [start + end, start + end])

    def add(self, start: int, end: int) -> None:
        for rng, v in ((self.s, start), (self.e, end), (self.c, start + end)):
            rng[0] = min(rng[0], v)
            rng[1] = max(rng[1], v)

    def distance(self, tok: _Tok) -> int:
        """How far ``tok`` stands from the column, in half characters."""

        def off(rng: list[int], v: int) -> int:
            return max(rng[0] - v, v - rng[1], 0)

        return min(
            2 * off(self.s, tok.start),
            2 * off(self.e, tok.end),
            off(self.c, tok.start + tok.end),
        )


@attrs.define
class _Group:
    """Rows with the same number of values standing in the same columns."""

    cols: list[_Col]
    members: list[int]
    padded: bool

    @property
    def confirmed(self) -> bool:
        return len(self.members) >= 2 and self.padded

    def fits(self, row: _Row) -> bool:
        return all(c.distance(t) <= _TOLERANCE for c, t in zip(self.cols, row.toks, strict=True))

    def add(self, index: int, row: _Row) -> None:
        for c, t in zip(self.cols, row.toks, strict=True):
            c.add(t.start, t.end)
        self.members.append(index)
        self.padded = self.padded or row.padded


def _is_value(word: str) -> bool:
    return is_missing_marker(word) or _VALUE.fullmatch(to_halfwidth(word)) is not None


@per_document
def _analyse(text: str) -> _Row | None:
    """The row a line holds: a label (possibly empty) then values separated by spaces."""
    if "\t" in text or "|" in text:
        return None
    lead = len(text) - len(text.lstrip("\f"))
    words = list(_WORD.finditer(text))
    k = len(words)
    while k > 0 and _is_value(words[k - 1].group()):
        k -= 1
    if k == len(words) or len(words) - k > _MAX_CELLS:
        return None
    prefix = text[: words[k].start()].rstrip()
    label = prefix.strip()
    if len(label) > _LABEL_WIDTH or _SENTENCE_END.search(label):
        return None
    toks: list[_Tok] = []
    prev_end = len(prefix)
    for m in words[k:]:
        # Leading indentation is no evidence of columns: only gaps after text count.
        gap = m.start() - prev_end if label or toks else 0
        toks.append(_Tok(m.group(), m.start() - lead, m.end() - lead, gap))
        prev_end = m.end()
    return _Row(prefix, tuple(toks))


def _is_boundary(text: str) -> bool:
    """A line no table reaches across: a section heading."""
    stripped = text.strip()
    return bool(_HEADING.match(stripped)) and "  " not in stripped


def _is_prose(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) >= _PROSE_WIDTH and not _GAP.search(stripped)


def _blocks(texts: Sequence[str], rows: Sequence[_Row | None]) -> list[int]:
    """A block number for each line: headings and paragraphs of prose end a block."""
    out: list[int] = []
    block = 0
    prose_run = 0
    for text, row in zip(texts, rows, strict=True):
        if row is None and (_is_boundary(text) or "\t" in text or "|" in text):
            block += 1
            prose_run = 0
        elif row is None and _is_prose(text):
            prose_run += 1
            if prose_run == 2:
                block += 1
        elif text.strip():
            prose_run = 0
        out.append(block)
    return out


def _align(toks: Sequence[_Tok], cols: Sequence[_Col]) -> list[int] | None:
    """The columns of ``toks`` (in order, one token a column): the one placement of least
    total distance with every token near its column; None if there is none or several."""
    m, n = len(toks), len(cols)
    if m > n:
        return None
    inf = 1 << 30
    dist = [[c.distance(t) for c in cols] for t in toks]
    best = [[inf] * n for _ in range(m)]
    ways = [[0] * n for _ in range(m)]
    back = [[-1] * n for _ in range(m)]
    for j in range(n):
        if dist[0][j] <= _TOLERANCE:
            best[0][j], ways[0][j] = dist[0][j], 1
    for i in range(1, m):
        low, low_ways, low_at = inf, 0, -1
        for j in range(n):
            # ``low``: the best placement of tokens[:i] ending left of column j.
            if j > 0:
                prev = best[i - 1][j - 1]
                if prev < low:
                    low, low_ways, low_at = prev, ways[i - 1][j - 1], j - 1
                elif prev == low and prev < inf:
                    low_ways = min(2, low_ways + ways[i - 1][j - 1])
            if low < inf and dist[i][j] <= _TOLERANCE:
                best[i][j], ways[i][j], back[i][j] = low + dist[i][j], low_ways, low_at
    total = min(best[m - 1])
    if total >= inf:
        return None
    if sum(ways[m - 1][j] for j in range(n) if best[m - 1][j] == total) != 1:
        return None
    j = best[m - 1].index(total)
    out = [j]
    for i in range(m - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def _header_cols(
    texts: Sequence[str], rows: Sequence[_Row | None], blocks: Sequence[int], at: int
) -> list[_Col]:
    """Columns shown by the header words above a lone row (结果 结果 其他 尚未 总计)."""
    points: list[tuple[int, int, int]] = []
    for k in range(at - 1, max(-1, at - 1 - _HEADER_REACH), -1):
        if rows[k] is not None or blocks[k] != blocks[at]:
            break
        text = texts[k]
        lead = len(text) - len(text.lstrip("\f"))
        words = [
            (m.start() - lead, m.end() - lead)
            for m in _WORD.finditer(text)
            if len(m.group()) <= 4 and not _DIGITS.search(m.group())
        ]
        if len(words) >= 3:
            points.extend((s, e, k) for s, e in words)
    points.sort()
    cols: list[_Col] = []
    seen: list[set[int]] = []
    first: list[int] = []
    for s, e, k in points:
        if cols and s - first[-1] <= 2 and k not in seen[-1]:
            cols[-1].add(s, e)
            seen[-1].add(k)
        else:
            cols.append(_Col.of(s, e))
            seen.append({k})
            first.append(s)
    return cols


def _align_to_header(toks: Sequence[_Tok], cols: list[_Col]) -> tuple[list[int] | None, int]:
    """Place a lone row under its header's columns. A header column left without a number
    is an empty cell only where there is room for it between the numbers around it: one
    that is not (a header word wrapped inside its cell) is dropped and the row placed
    again."""
    while len(cols) > len(toks):
        placed = _align(toks, cols)
        if placed is None:
            return None, 0
        used = set(placed)
        crowded = None
        for j, col in enumerate(cols):
            if j in used:
                continue
            before = [t for t, c in zip(toks, placed, strict=True) if c < j]
            after = [t for t, c in zip(toks, placed, strict=True) if c > j]
            if (before and before[-1].end > col.s[0]) or (after and after[0].start < col.e[1]):
                crowded = j
                break
        if crowded is None:
            return placed, len(cols)
        cols = cols[:crowded] + cols[crowded + 1 :]
    return None, 0


def _cells(row: _Row, placed: Sequence[int] | None, n: int) -> str:
    """The row as tab-separated text: its label, then one cell per column."""
    if placed is None:
        cells = [t.text for t in row.toks]
    else:
        cells = [""] * n
        for t, j in zip(row.toks, placed, strict=True):
            cells[j] = t.text
    label = row.prefix
    body = "\t".join(cells)
    if label.strip():
        return f"{label}\t{body}"
    return label.replace(" ", "") + body


def _join_wrapped(lines: list[Line], findings: list[Finding]) -> list[Line]:
    """Join numbers that a narrow cell wrapped onto the next line (``575`` over ``2``).

    The lower line holds only digits, each under a number of at least two digits of the
    line above (same start, end or centre), fewer of them than the numbers above.
    """
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        low = _analyse(line.text) if line.cells is None else None
        if (
            prev is not None
            and prev.cells is None
            and low is not None
            and not low.prefix.strip()
            and all(t.text.isdigit() and t.text.isascii() for t in low.toks)
        ):
            high = _analyse(prev.text)
            joined = _joined(prev.text, high, low) if high is not None else None
            if joined is not None:
                findings.append(
                    WRAPPED_NUMBER_JOINED.finding(
                        "numbers wrapped onto the next line in their cells joined: "
                        + ", ".join(f"{a}+{b}" for a, b in joined[1]),
                        message_zh="单元格内折行的数字已接续："
                        + "、".join(f"{a}{b}" for a, b in joined[1]),
                        line=prev.number,
                        page=prev.page,
                        context=f"{prev.text}\n{line.text}",
                    )
                )
                out[-1] = attrs.evolve(prev, text=joined[0])
                continue
        out.append(line)
    return out


def _joined(text: str, high: _Row, low: _Row) -> tuple[str, list[tuple[str, str]]] | None:
    """``text`` (the upper line) with the fragments of ``low`` appended to the numbers
    they continue, and the pairs joined; None unless every fragment continues one."""
    digits = [t for t in high.toks if t.text.isdigit()]
    if len(high.toks) < 2 or len(low.toks) >= len(high.toks) or not digits:
        return None
    # Both lines must show the padding of a layout that keeps columns.
    if not high.padded or not (low.padded or low.toks[0].start > 0):
        return None
    longest = max(len(t.text) for t in digits)
    taken: dict[int, _Tok] = {}
    for t in low.toks:
        under = [
            k
            for k, h in enumerate(high.toks)
            if h.text.isdigit()
            and len(h.text) >= max(2, longest - 1)
            and _Col.of(h.start, h.end).distance(t) <= 2
        ]
        if len(under) != 1 or under[0] in taken:
            return None
        taken[under[0]] = t
    lead = len(text) - len(text.lstrip("\f"))
    pairs: list[tuple[str, str]] = []
    for k in sorted(taken, reverse=True):
        h, t = high.toks[k], taken[k]
        at = h.end + lead
        # The fragment takes the place of spaces after the number, where there are enough
        # of them, so that the numbers after it keep their columns.
        spaces = len(text[at:]) - len(text[at:].lstrip(" "))
        room = len(t.text) if spaces > len(t.text) else 0
        text = text[:at] + t.text + text[at + room :]
        pairs.append((h.text, t.text))
    return text, pairs[::-1]


def align_columns(lines: Sequence[Line]) -> Aligned:
    """Rewrite the rows of space-aligned tables as tab-separated cells; report each table."""
    findings: list[Finding] = []
    joined = _join_wrapped(list(lines), findings)
    texts = [ln.text for ln in joined]
    rows = [_analyse(ln.text) if ln.cells is None else None for ln in joined]
    blocks = _blocks(texts, rows)
    rewritten, blanks = _place_rows(texts, rows, blocks, _group_rows(rows, blocks))

    out = list(joined)
    by_block: dict[int, list[int]] = {}
    for i in sorted(rewritten):
        out[i] = attrs.evolve(joined[i], text=rewritten[i])
        by_block.setdefault(blocks[i], []).append(i)
    for members in by_block.values():
        first, last = joined[members[0]], joined[members[-1]]
        empty = sum(blanks[i] for i in members)
        findings.append(
            ALIGNED_COLUMNS.finding(
                f"{len(members)} rows of a space-aligned table (lines {first.number}–"
                f"{last.number}) read as cells at their columns"
                + (f"; {empty} empty cells kept" if empty else ""),
                message_zh=f"按字符位置对齐的表格（第 {first.number}–{last.number} 行）"
                f"按列读取 {len(members)} 行" + (f"，保留 {empty} 个空单元格" if empty else ""),
                line=first.number,
                page=first.page,
                context="\n".join(joined[i].text for i in members)[:400],
            )
        )
    return Aligned(tuple(out), tuple(findings))


def _group_rows(rows: Sequence[_Row | None], blocks: Sequence[int]) -> dict[int, _Group]:
    """The group of each row of two or more values: the nearby rows of its block whose
    values stand in the same columns."""
    groups: list[_Group] = []
    group_of: dict[int, _Group] = {}
    for i, row in enumerate(rows):
        if row is None or len(row.toks) < 2:
            continue
        home = None
        for g in reversed(groups):
            if i - g.members[-1] > _WINDOW:
                break
            if blocks[g.members[-1]] == blocks[i] and len(g.cols) == len(row.toks) and g.fits(row):
                home = g
                break
        if home is None:
            home = _Group([_Col.of(t.start, t.end) for t in row.toks], [], False)
            groups.append(home)
        home.add(i, row)
        group_of[i] = home
    return group_of


def _place_rows(
    texts: Sequence[str],
    rows: Sequence[_Row | None],
    blocks: Sequence[int],
    group_of: dict[int, _Group],
) -> tuple[dict[int, str], dict[int, int]]:
    """The rows placed at their table's columns, as tab-separated cells, with how many
    empty cells each was given."""
    numeric = [i for i, r in enumerate(rows) if r is not None]
    rewritten: dict[int, str] = {}
    blanks: dict[int, int] = {}
    references: set[int] = set()
    plain: list[int] = []
    for pos, i in enumerate(numeric):
        row = rows[i]
        assert row is not None
        m = len(row.toks)
        if m == 1 and row.prefix.strip() and (row.toks[0].gap < 2 or len(row.prefix.strip()) > 20):
            continue
        near = _grids_near(i, pos, numeric, row, blocks, group_of)
        placed: list[int] | None = None
        width = 0
        tried: set[int] = set()
        for g in near:
            if id(g) in tried:
                continue
            tried.add(id(g))
            placed = _align(row.toks, g.cols)
            if placed is not None:
                width = len(g.cols)
                references.add(id(g))
                break
        if placed is None and not near and m >= 2 and row.padded:
            cols = _header_cols(texts, rows, blocks, i)
            placed, width = _align_to_header(row.toks, cols)
        if placed is not None:
            rewritten[i] = _cells(row, placed, width)
            blanks[i] = width - m
        elif not near:
            plain.append(i)
    for i in plain:
        mine = group_of.get(i)
        done = rows[i]
        if mine is not None and done is not None and (mine.confirmed or id(mine) in references):
            rewritten[i] = _cells(done, None, len(done.toks))
            blanks[i] = 0
    return rewritten, blanks


def _grids_near(
    i: int,
    pos: int,
    numeric: Sequence[int],
    row: _Row,
    blocks: Sequence[int],
    group_of: dict[int, _Group],
) -> list[_Group]:
    """The column grids of more columns than row ``i`` has values, in rows near it, that
    may place its values."""
    m = len(row.toks)
    near: list[tuple[int, int, int, _Group]] = []
    for q in range(max(0, pos - 2 * _WINDOW), min(len(numeric), pos + 2 * _WINDOW + 1)):
        k = numeric[q]
        other = group_of.get(k)
        if other is None or abs(k - i) > _WINDOW or blocks[k] != blocks[i]:
            continue
        if len(other.cols) <= m:
            continue
        # A lone row shows its table's columns to a padded neighbour of two or more
        # numbers: both lines padded and their numbers in line is evidence enough.
        lone = other.padded and row.padded and m >= 2 and abs(k - i) <= _LONE_REACH
        if other.confirmed or lone:
            near.append((0 if other.confirmed else 1, -len(other.cols), abs(k - i), other))
    # Columns that several rows confirm first, the widest of them (rows that lost
    # cells too confirm a narrower grid of their own), then the nearest rows'.
    near.sort(key=lambda x: x[:3])
    return [g for _, _, _, g in near]
