"""Static analysis (bandit) and known vulnerabilities in dependencies (pip-audit), run by `make security`.

Fails (exit 1) on any finding that the "Accepted findings" table of docs/security.md does not
list with a reason, and when the vulnerability service cannot be reached: an audit that
could not look is not a pass. A reviewer then reads every exception in one place.

A bandit finding is accepted by a row whose ID is its test (B308) and whose "where" is its
file or a folder above it. A `# nosec` in the code must name its tests and be listed the
same way, so silencing bandit in the code still leaves a trace in the documentation. A
dependency's vulnerability is accepted by a row with its ID or any of its aliases (PYSEC-,
GHSA-, CVE-) and the package's name.
"""

import json
import os
import re
import subprocess  # nosec B404 - runs bandit and pip-audit, fixed arguments
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "security.md"
SCANNED = ["synergy", "scripts", "bench"]
REQUIREMENTS = ["requirements/base.txt", "requirements/dev.txt"]
TIMEOUT = 120  # seconds for each tool; both usually take a few


@dataclass(frozen=True)
class Finding:
    ids: tuple[str, ...]  # the first is shown; any of them may be accepted
    where: str  # a file path for bandit, a package name for pip-audit
    text: str


def accepted_findings() -> list[tuple[set[str], str]]:
    """Rows of the "Accepted findings" table: (IDs, where); a row without a reason is refused."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Accepted findings", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("ID", "") or set(cells[0]) <= {"-", ":"}:
            continue
        if not cells[2]:
            raise SystemExit(f"docs/security.md: accepted finding {cells[0]} has no reason")
        rows.append(({item.strip() for item in cells[0].split(",")}, cells[1].strip("`")))
    return rows


def is_accepted(finding: Finding, rows: list[tuple[set[str], str]]) -> bool:
    for ids, where in rows:
        if ids & set(finding.ids) and (finding.where == where or finding.where.startswith(where.rstrip("/") + "/")):
            return True
    return False


def bandit_findings() -> list[Finding]:
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "--recursive", *SCANNED, "--format", "json", "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip  # nosec B603 - a fixed command line
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise SystemExit(f"bandit did not run:\n{result.stderr}")
    report = json.loads(result.stdout)
    if report["errors"]:
        raise SystemExit(f"bandit could not read some files: {report['errors']}")
    return [
        Finding(
            (item["test_id"],),
            item["filename"],
            f"{item['filename']}:{item['line_number']} [{item['issue_severity']}] {item['issue_text']}",
        )
        for item in report["results"]
    ]


NOSEC = re.compile(r"#\s*nosec\b(?P<tests>[^#]*)")


def nosec_markers() -> list[Finding]:
    """Every `# nosec` comment in the scanned code, one finding per test it silences."""
    findings = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            with path.open("rb") as source:
                comments = [t for t in tokenize.tokenize(source.readline) if t.type == tokenize.COMMENT]
            for comment in comments:
                match = NOSEC.search(comment.string)
                if not match:
                    continue
                where = f"{relative}:{comment.start[0]}"
                tests = re.findall(r"\bB\d{3}\b", match["tests"])
                if not tests:
                    findings.append(Finding(("nosec",), relative, f"{where} `# nosec` without a test ID"))
                findings += [Finding((test,), relative, f"{where} # nosec {test}") for test in tests]
    return findings


def pip_audit_findings() -> list[Finding]:
    """Known vulnerabilities of the pinned requirements, from PyPI's vulnerability data."""
    command = [sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi", "--format", "json",
               "--progress-spinner", "off", "--require-hashes", "--disable-pip"]  # fmt: skip
    for requirements in REQUIREMENTS:
        command += ["--requirement", requirements]
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)  # nosec B603
    except subprocess.TimeoutExpired:
        raise SystemExit(f"pip-audit: no answer from the vulnerability service within {TIMEOUT} s") from None
    if not result.stdout.strip():
        raise SystemExit(f"pip-audit did not run:\n{result.stderr}")
    report = json.loads(result.stdout)
    unaudited = [item for item in report["dependencies"] if "skip_reason" in item]
    if unaudited:
        names = ", ".join(f"{item['name']}" for item in unaudited[:10])
        if os.environ.get("PIP_AUDIT_UNREACHABLE") == "warn" and len(unaudited) == len(report["dependencies"]):
            # The whole service is out of reach (a closed network): said loudly, not taken for a pass.
            reason = unaudited[0]["skip_reason"]
            print(f"WARNING: pip-audit could not reach PyPI's vulnerability data ({reason}); {len(unaudited)} "
                  "dependencies NOT AUDITED. Run `make security` where PyPI's JSON API answers.")  # fmt: skip
            return []
        raise SystemExit(
            f"pip-audit could not audit {len(unaudited)} of {len(report['dependencies'])} dependencies "
            f"({names}{', …' if len(unaudited) > 10 else ''}): the PyPI vulnerability service did not answer "
            f"for them ({unaudited[0]['skip_reason']}). Not a pass: check the network and run `make security` again."
        )
    return [
        Finding(
            (vulnerability["id"], *vulnerability.get("aliases", [])),
            dependency["name"],
            f"{dependency['name']} {dependency['version']}: {vulnerability['id']} "
            f"(fixed in {', '.join(vulnerability['fix_versions']) or 'no release yet'}) "
            f"{vulnerability.get('description', '')[:200]}",
        )
        for dependency in report["dependencies"]
        for vulnerability in dependency.get("vulns", [])
    ]


def report(title: str, findings: list[Finding], rows) -> int:
    """Print each finding, marked accepted or not; return how many are not accepted."""
    refused = [finding for finding in findings if not is_accepted(finding, rows)]
    print(f"{title}: {len(findings)} finding(s), {len(refused)} not accepted in docs/security.md")
    for finding in findings:
        mark = "accepted" if finding not in refused else "NOT ACCEPTED"
        print(f"  [{mark}] {finding.ids[0]} {finding.text}")
    return len(refused)


def main() -> int:
    rows = accepted_findings()
    refused = report("bandit", bandit_findings(), rows)
    refused += report("bandit `# nosec` markers", nosec_markers(), rows)
    refused += report("pip-audit", pip_audit_findings(), rows)
    if refused:
        print(f"\n{refused} finding(s) are neither fixed nor listed in the accepted findings of docs/security.md.")
        return 1
    print("\nNo unexplained findings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
