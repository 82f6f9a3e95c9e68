from webio.input import textarea
from webio.output import put_text

notes = textarea("Meeting notes", rows=4, placeholder="What was decided?")
put_text(notes)
