"""The one shared HTTP client and what it stands on: settings, the address guard, per-host pacing, bounded bodies,
inflating and the redactor that keeps secrets out of every message."""
