"""The browser workbench (`urbopt serve`): upload a workbook, set a scenario, run, compare
and download, over the same pipeline and output folders as the CLI.

`workspace` (files on disk) < `forms` < `worker` (runs in spawned processes) < `security`,
`pages` < `routes` < `app` (`create_app(Settings)`).
"""
