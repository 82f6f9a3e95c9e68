from webio.input import actions
from webio.output import put_text

answer = actions("Deploy to production?", ["Deploy", {"label": "Cancel", "value": None, "color": "secondary"}])
put_text("Answer:", answer)
