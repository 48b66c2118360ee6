"""The house: the data file and its migrations, files written safely (temp name then rename), preferences, secrets
in the keyring, the event log and the log files."""
