from webio.output import put_text
from webio.pin import pin_on_change, put_actions

put_actions("choice", label="Pick one", buttons=["Yes", "No"])
pin_on_change("choice", onchange=lambda value: put_text("Picked", value))
