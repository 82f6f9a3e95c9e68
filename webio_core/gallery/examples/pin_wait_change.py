from webio.output import put_text
from webio.pin import pin_wait_change, put_input

put_input("search", label="Search", placeholder="type something")
change = pin_wait_change("search")
put_text("You typed", change["value"])
