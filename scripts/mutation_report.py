"""Write the mutation report: per module, mutants generated, killed and survived, and every survivor with why.

Reads the finished run through ``mutmut results --all true`` and the reasons kept in
``scripts/mutation_survivors.toml`` (mutant name → why it survives). Exits non-zero when a module kills less
than 90 % of its mutants or a survivor has no reason, so a run that does not meet the bar says so.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REASONS = ROOT / "scripts" / "mutation_survivors.toml"
TARGET = 0.90
DETECTED = {"killed", "timeout", "segfault"}  # the tests noticed: a failure, a hang or a crash


def results() -> dict[str, str]:
    """Every mutant's name and status from mutmut's own record of the last run."""
    listing = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True
    )
    found = {}
    for line in listing.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = status.strip()
    return found


def diff_of(name: str) -> str:
    """The mutated line(s) of one mutant as they read after the change."""
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=ROOT, capture_output=True, text=True)
    added = [line[1:].strip() for line in shown.stdout.splitlines() if line[:1] == "+" and line[:3] != "+++"]
    return " / ".join(added)[:160]


def module_of(name: str) -> str:
    return name.split(".x_")[0].split(".xǁ")[0]


def main(out: Path) -> int:
    statuses = results()
    reasons = tomllib.loads(REASONS.read_text()) if REASONS.exists() else {}
    per_module: dict[str, Counter] = defaultdict(Counter)
    survivors = defaultdict(list)
    for name, status in sorted(statuses.items()):
        module = module_of(name)
        per_module[module]["generated"] += 1
        per_module[module]["killed" if status in DETECTED else "survived"] += 1
        if status not in DETECTED:
            survivors[module].append((name, status))
    lines = [
        "# Mutation testing",
        "",
        "`bash scripts/mutation.sh` mutates the modules where a silent wrong answer would mislead a viewer and runs",
        "their fast unit tests against every mutant (mutmut 3; configuration under `[tool.mutmut]` in",
        "`pyproject.toml`). A mutant is *killed* when a test fails, hangs or crashes. Every survivor is listed with",
        "why it survives (`scripts/mutation_survivors.toml`). Modules: the price loader's status and fallback",
        "(`prices`), the source lines (`sources`), the event-study arithmetic (`eventstudy`), the fact loader's",
        "validation (`facts`) and the chapter computations (`apple`, `deepseek`, `qwen`, `capex`, `rerating`,",
        "`story`).",
        "A full run takes about 16 minutes on a 2-core machine; mutants left alive by a run can be re-run against",
        "new tests with `python3 -m mutmut run NAME …`, then `python3 scripts/mutation_report.py` rewrites this file.",
        "",
        "| module | generated | killed | survived | killed % |",
        "|---|---:|---:|---:|---:|",
    ]
    failing = []
    for module, counts in sorted(per_module.items()):
        share = counts["killed"] / counts["generated"]
        lines.append(
            f"| `{module}` | {counts['generated']} | {counts['killed']} | {counts['survived']} | {share:.1%} |"
        )
        if share < TARGET:
            failing.append(f"{module} kills {share:.1%}")
    total = Counter()
    for counts in per_module.values():
        total.update(counts)
    if total["generated"]:
        lines.append(f"| **all** | {total['generated']} | {total['killed']} | {total['survived']} | "
                     f"{total['killed'] / total['generated']:.1%} |")  # fmt: skip
    lines += ["", "## Survivors", ""]
    unexplained = []
    for module, names in sorted(survivors.items()):
        lines += [
            f"### `{module}`",
            "",
            "| mutant | status | the line after the change | why it survives |",
            "|---|---|---|---|",
        ]
        for name, status in names:
            reason = reasons.get(name, "")
            if not reason:
                unexplained.append(name)
            change = diff_of(name).replace("|", "\\|")
            lines.append(f"| `{name.split('.', 2)[-1]}` | {status} | `{change}` | {reason or '**unexplained**'} |")
        lines.append("")
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}: {total['killed']}/{total['generated']} killed")
    for problem in failing + [f"{name} survives without a reason" for name in unexplained]:
        print(problem, file=sys.stderr)
    return 1 if failing or unexplained else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "mutation.md"))
