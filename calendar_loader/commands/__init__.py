"""One module per command: what it does between parsing options and printing."""
