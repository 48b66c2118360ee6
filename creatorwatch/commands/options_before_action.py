"""Options written before a command's action mean what they mean after it: `takedown --json --all list` is
`takedown list --json --all`. An option the action does not take is refused, wherever it is written (exit status 2),
never silently dropped.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass

_CHECK = "_options_before_action"


@dataclass(frozen=True)
class _NotTakenHere:
    """The command's options that its chosen action does not take, and the action's parser to complain with."""

    action: argparse.ArgumentParser
    options: dict[str, tuple[str, object]]  # dest -> (the option as written, its default)


def carry_options_before_actions(commands: dict[str, argparse.ArgumentParser]) -> None:
    """For every command with actions: an action's own copy of one of the command's options no longer resets it
    (argparse gives an action a fresh namespace whose defaults overwrite what was written before the action)."""
    for command in commands.values():
        before = {option.dest: option for option in _options(command)}
        for action in _actions_of(command):
            taken = set()
            for option in _options(action):
                if option.dest in before:
                    option.default = argparse.SUPPRESS  # keeps the value written before the action
                    taken.add(option.dest)
            not_taken = {
                dest: (option.option_strings[-1], option.default)
                for dest, option in before.items()
                if dest not in taken
            }
            action.set_defaults(**{_CHECK: _NotTakenHere(action, not_taken)})


def refuse_options_not_taken(args: argparse.Namespace) -> None:
    """Exit with a usage error (status 2) when an option written before the action is one the action does not take."""
    check: _NotTakenHere | None = getattr(args, _CHECK, None)
    if check is None:
        return
    delattr(args, _CHECK)
    for dest, (written, default) in check.options.items():
        if getattr(args, dest, default) != default:
            check.action.error(f"{check.action.prog} does not take {written}; see: {check.action.prog} --help")


def _options(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """The parser's options, without --help and --home (which every command and action takes the same way)."""
    for option in parser._actions:
        if option.option_strings and option.dest not in ("help", "home"):
            yield option


def _actions_of(command: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    for option in command._actions:
        if isinstance(option, argparse._SubParsersAction):
            yield from dict.fromkeys(option.choices.values())  # each action once (an alias names the same parser)
