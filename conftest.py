"""Repository-wide pytest set-up: reproducible hypothesis runs, a summary of what was skipped, no skips in CI.

hypothesis is a test tool (requirements-test.txt): where it is not installed (``make binder-check`` runs nbval
with Binder's run-time packages only) this file still loads, and the property tests skip themselves.
"""
import collections
import os

# The package's messages in English in every test and every notebook kernel the tests start (nbval's kernels
# inherit this), whatever the machine's locale: a test that wants Korean says so (softmaxlab.set_language("ko")).
os.environ["LANGUAGE"] = "en"

try:
    from hypothesis import settings
except ImportError:  # Binder's set, or a learner's venv: no property tests there
    settings = None
else:
    settings.register_profile("course", derandomize=True, deadline=None, max_examples=150)
    settings.load_profile("course")


def _skipped(terminalreporter):
    """{reason: number of tests skipped for it}, from the reports pytest kept."""
    reasons = collections.Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    return reasons


def pytest_terminal_summary(terminalreporter):
    """End the run with what was skipped and why (each reason says what to install), one line per reason."""
    reasons = _skipped(terminalreporter)
    if not reasons:
        return
    terminalreporter.section("what did not run on this machine")
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count:4d} skipped: {reason}")


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI=true) a skipped test is a failure: every test must really run there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) were skipped; in CI every test must run.", red=True)
        session.exitstatus = 1
