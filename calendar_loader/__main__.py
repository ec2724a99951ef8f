"""Allow `python -m calendar_loader`, the same as the `calendar-loader` command."""

from calendar_loader.cli import main

main()
