"""``webio.input``: ask the user for input (manual §4.2). Being written."""
