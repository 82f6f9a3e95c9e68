from webio.input import slider
from webio.output import put_text

volume = slider("Volume", value=30, min_value=0, max_value=100, step=5)
put_text("Volume set to", volume)
