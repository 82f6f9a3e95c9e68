from webio.input import radio
from webio.output import put_text

size = radio("Size", options=["Small", "Medium", "Large"], inline=True)
put_text("Size:", size)
