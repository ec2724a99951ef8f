"""Check calendar tables column by column and build Ocoya request bodies and a report."""

from calendar_loader.checking.check import check_tables
from calendar_loader.checking.models import PostRequest
from calendar_loader.checking.report import FileResult, Report, Summary
from calendar_loader.checking.settings import CheckSettings

__all__ = ["CheckSettings", "FileResult", "PostRequest", "Report", "Summary", "check_tables"]
