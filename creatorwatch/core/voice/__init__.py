"""Voice likeness: recognise an enrolled creator's voice in speech that says words they never said.

speech finds the talk in a recording, encoder turns it into voice embeddings (Resemblyzer's GE2E), augment and
enrol learn a voice in the conditions a clone reaches us in, profile keeps it, store holds the voices, score and
matcher compare candidates with them. Whatever needs the optional `voice` extra (installed) loads lazily.
"""
