"""The knowledge folder's format: one reader, one writer, validation with file and line (no Flask, no SQL)."""
