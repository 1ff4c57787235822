"""One module per command beyond verify/models/rules; each exposes COMMAND."""
