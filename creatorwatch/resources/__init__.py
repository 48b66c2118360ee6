"""Text the app ships as data rather than code: the legal letters' templates (letters/), read with Jinja."""
