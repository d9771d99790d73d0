"""The vector generator's families, one module each (tests/vectors/generate.py
lists the files they write)."""
