"""The window and the tray: Qt only, talking to the core through ui/tasks.py and ui/bridge.py."""
