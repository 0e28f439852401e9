"""The report's own arithmetic, tested on what it printed (FORMATS.md §5).

Every check runs only on printed figures; a blank part of a sum counts as 0 and is named in
the detail.  Results are rows for ``checks``; nothing here changes a record.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Optional

from .codebook import indicators
from .records import Check, Record

APPLICANT_COLUMNS = ["natural", "legal.commercial", "legal.research", "legal.social_org", "legal.legal_service",
                     "legal.other"]
RESULT_PARTS_2019 = ["apply.result.granted", "apply.result.partial",
                     "apply.result.denied.state_secret", "apply.result.denied.law_prohibited",
                     "apply.result.denied.security_stability", "apply.result.denied.third_party",
                     "apply.result.denied.internal_affairs", "apply.result.denied.process_info",
                     "apply.result.denied.enforcement_file", "apply.result.denied.admin_query",
                     "apply.result.unavailable.not_held", "apply.result.unavailable.needs_creation",
                     "apply.result.unavailable.unclear_after_correction",
                     "apply.result.not_processed.petition_complaint", "apply.result.not_processed.repeat",
                     "apply.result.not_processed.publication", "apply.result.not_processed.excessive",
                     "apply.result.not_processed.confirm_or_reissue"]
OTHER_2021 = ["apply.result.other.no_correction", "apply.result.other.fee_unpaid", "apply.result.other.misc"]
TABLE4_BLOCKS = ["review", "litigation.direct", "litigation.after_review"]
TABLE4_PARTS = ["maintained", "corrected", "other", "pending"]
# pre-2019 parents whose children add up (channels of 主动公开 overlap and are not additive,
# except the printed 通过不同渠道 total which is their plain sum)
ADDITIVE_PARENTS = ["apply.received.total", "apply.completed.total", "apply.reply.total", "apply.reply.denied",
                    "review.total", "litigation.total", "complaint.total", "consult.total", "org.staff.total",
                    "active.archive_submitted", "appeal.total"]
CHANNELS = ["active.by_channel.gazette", "active.by_channel.website", "active.by_channel.weibo",
            "active.by_channel.wechat", "active.by_channel.other"]
TOLERANCE = 1e-6


def _index(records: Iterable[Record], source: str = "table") -> dict[tuple[str, str], float]:
    idx: dict[tuple[str, str], float] = {}
    for r in records:
        if r.source == source and (r.indicator, r.dimension) not in idx:
            idx[(r.indicator, r.dimension)] = r.value
    return idx


def _sum_check(name: str, scope: str, total: Optional[float], parts: dict[str, Optional[float]]) -> Optional[Check]:
    present = {k: v for k, v in parts.items() if v is not None}
    if total is None or not present:
        return None
    s = sum(present.values())
    blank = [k for k, v in parts.items() if v is None]
    ok = abs(s - total) <= TOLERANCE
    detail = "" if ok else f"printed total {total:g}, parts add up to {s:g}"
    if blank:
        detail = (detail + "; " if detail else "") + f"{len(blank)} blank part(s) counted as 0"
    return Check(check=name, scope=scope, expected=s, actual=total, ok=ok, detail=detail)


def run_checks(records: list[Record]) -> list[Check]:
    idx = _index(records)
    out: list[Check] = []
    add = lambda c: c and out.append(c)  # noqa: E731
    # 表三 balance per applicant column
    for dim in APPLICANT_COLUMNS + ["total"]:
        parts = [idx.get((c, dim)) for c in ("apply.new_received", "apply.carried_over", "apply.result.total",
                                              "apply.carried_forward")]
        if all(p is not None for p in parts):
            left, right = parts[0] + parts[1], parts[2] + parts[3]
            ok = abs(left - right) <= TOLERANCE
            out.append(Check("table3_balance", f"table3 column {dim}", left, right, ok,
                             "" if ok else f"新收+上年结转 = {left:g} but 办理结果总计+结转下年度 = {right:g}"))
    # 表三 row totals = the six applicant columns
    codes3 = sorted({c for (c, d) in idx if d in APPLICANT_COLUMNS})
    for code in codes3:
        add(_sum_check("table3_row_total", f"table3 row {code}", idx.get((code, "total")),
                       {d: idx.get((code, d)) for d in APPLICANT_COLUMNS}))
    # 表三 办理结果总计 = result rows, per column
    for dim in APPLICANT_COLUMNS + ["total"]:
        total = idx.get(("apply.result.total", dim))
        if total is None:
            continue
        parts = {c: idx.get((c, dim)) for c in RESULT_PARTS_2019}
        if any(idx.get((c, dim)) is not None for c in OTHER_2021):
            parts.update({c: idx.get((c, dim)) for c in OTHER_2021})
        else:
            parts["apply.result.other"] = idx.get(("apply.result.other", dim))
        add(_sum_check("table3_result_total", f"table3 column {dim}", total, parts))
    # 表四 totals
    for block in TABLE4_BLOCKS:
        add(_sum_check("table4_total", f"table4 {block}", idx.get((f"{block}.total", "total")),
                       {p: idx.get((f"{block}.{p}", "total")) for p in TABLE4_PARTS}))
    # pre-2019 parents = children, per dimension
    codebook = indicators()
    children: dict[str, list[str]] = defaultdict(list)
    for code, row in codebook.items():
        if row.get("parent"):
            children[row["parent"]].append(code)
    dims = {d for (_, d) in idx}
    for parent in ADDITIVE_PARENTS:
        for dim in sorted(dims & {"total", "cumulative"}):
            if (parent, dim) not in idx or parent.startswith(("review.", "litigation.")) and \
                    any((f"{b}.total", "total") in idx for b in TABLE4_BLOCKS):
                continue
            kids = {k: idx.get((k, dim)) for k in children.get(parent, [])}
            if any(v is not None for v in kids.values()):
                add(_sum_check("parent_sum", f"{parent} [{dim}]", idx[(parent, dim)], kids))
    for dim in sorted(dims & {"total", "cumulative"}):
        add(_sum_check("parent_sum", f"active.by_channel.total [{dim}]", idx.get(("active.by_channel.total", dim)),
                       {k: idx.get((k, dim)) for k in CHANNELS}))
    return out


def text_vs_table(records: list[Record]) -> list[Check]:
    """Where the narrative and a table give the same indicator and disagree."""
    table = _index(records, "table")
    text: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for r in records:
        if r.source == "text":
            text[(r.indicator, r.dimension)].append(r)
    out = []
    for key, recs in sorted(text.items()):
        if key not in table:
            continue
        tv = table[key]
        for r in recs:
            ok = abs(r.value - tv) <= TOLERANCE
            if r.qualifier and not ok:
                ok = False
            out.append(Check("text_vs_table", f"{key[0]} [{key[1]}]", tv, r.value, ok,
                             "" if ok else f"table prints {tv:g}, text says {r.raw[:40]}"))
    return out


LOW_CONFIDENCE = 0.8  # a figure OCR read with a lower recognizer score is flagged for review
ARITHMETIC_CHECKS = ("table3_balance", "table3_row_total", "table3_result_total", "table4_total")


def _check_keys(check: Check) -> list[tuple[str, str]]:
    """The (indicator, dimension) figures a table check adds up."""
    scope = check.scope
    if check.check == "table3_balance":
        dim = scope.rsplit(" ", 1)[1]
        return [(c, dim) for c in ("apply.new_received", "apply.carried_over", "apply.result.total",
                                   "apply.carried_forward")]
    if check.check == "table3_row_total":
        code = scope.rsplit(" ", 1)[1]
        return [(code, d) for d in APPLICANT_COLUMNS + ["total"]]
    if check.check == "table3_result_total":
        dim = scope.rsplit(" ", 1)[1]
        return [(c, dim) for c in ["apply.result.total"] + RESULT_PARTS_2019 + OTHER_2021 + ["apply.result.other"]]
    if check.check == "table4_total":
        block = scope.split(" ", 1)[1]
        return [(f"{block}.{p}", "total") for p in TABLE4_PARTS + ["total"]]
    return []


def _confirmed_by_arithmetic(checks: list[Check]) -> set[tuple[str, str]]:
    """Figures the table's own sums vouch for: in at least one arithmetic check that holds and in none that
    fails.  A misread digit breaks its row or column sum; only two errors that cancel exactly would not."""
    passed: set[tuple[str, str]] = set()
    failed: set[tuple[str, str]] = set()
    for c in checks:
        if c.check in ARITHMETIC_CHECKS:
            (passed if c.ok else failed).update(_check_keys(c))
    return passed - failed


def ocr_checks(records: list[Record], checks: list[Check]) -> list[Check]:
    """Figures read by OCR that should not be trusted silently.

    ``ocr_low_confidence``: the recognizer's score is below LOW_CONFIDENCE and no sum of the table
    confirms the figure (`_confirmed_by_arithmetic`: lone zeros score low but sit in sums that hold).  ``ocr_arithmetic``: a
    table's own arithmetic fails and OCR read its figures: the suspect is the figure in two failed
    checks (its row total and its column total both break), else the least confident figure of
    each failed check.  A report's printed arithmetic can be wrong on paper too: these are flags for
    review, the records keep the value read.
    """
    ocr = {}
    for r in records:
        if r.source == "table" and r.rule.endswith("+ocr") and (r.indicator, r.dimension) not in ocr:
            ocr[(r.indicator, r.dimension)] = r
    out = []
    confirmed = _confirmed_by_arithmetic(checks)
    for r in records:
        if r.rule.endswith("+ocr") and r.confidence < LOW_CONFIDENCE \
                and not (r.source == "table" and (r.indicator, r.dimension) in confirmed):
            out.append(Check("ocr_low_confidence", f"{r.indicator} [{r.dimension}]", None, r.value, False,
                             f"recognizer score {r.confidence:.2f} for {r.raw!r} ({r.locator})"))
    failed = [c for c in checks if c.check in ARITHMETIC_CHECKS and not c.ok]
    involved: dict[tuple[str, str], list[Check]] = defaultdict(list)
    for c in failed:
        for k in _check_keys(c):
            if k in ocr:
                involved[k].append(c)
    suspects: dict[tuple[str, str], list[Check]] = {k: cs for k, cs in involved.items() if len(cs) >= 2}
    for c in failed:
        keys = [k for k in _check_keys(c) if k in ocr]
        if keys and not any(k in suspects for k in keys):
            k = min(keys, key=lambda k: ocr[k].confidence)
            suspects.setdefault(k, []).append(c)
    for k, cs in sorted(suspects.items()):
        r = ocr[k]
        why = "; ".join(f"{c.check} ({c.scope})" for c in cs)
        out.append(Check("ocr_arithmetic", f"{k[0]} [{k[1]}]", None, r.value, False,
                         f"OCR read {r.raw!r} (score {r.confidence:.2f}, {r.locator}) in a table whose sums break: {why}"))
    return out
