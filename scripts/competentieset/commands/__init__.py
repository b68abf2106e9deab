"""CLI commands, one module each (see cli.COMMANDS)."""
