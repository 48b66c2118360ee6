"""Voice likeness: recognise an enrolled creator's voice in speech that says words they never said.

Speech finding (speech), the speaker encoder (encoder), voice profiles (profile), scoring (score), the stored
voices (store) and matching candidates against them (matcher) each live in their own module. Everything that
needs the optional `voice` extra is imported lazily, so the app starts and runs without it.
"""
