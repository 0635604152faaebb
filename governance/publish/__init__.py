"""Publishing the scheduled reports: papermill runs, offline HTML, privacy guard, atomic archive.

`runner.build_reports` is the entry point (`governance report`); report content lives in
`governance.reports`.
"""
