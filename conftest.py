"""Repository-wide pytest set-up: reproducible hypothesis runs, and no silent skips in CI."""
import os

from hypothesis import settings

settings.register_profile("course", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("course")


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI=true) a skipped test is a failure: every test must really run there."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) were skipped; in CI every test must run.", red=True)
        session.exitstatus = 1
