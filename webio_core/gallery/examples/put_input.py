from webio.pin import pin, put_input
from webio.output import put_button, put_text

put_input("name", label="Your name", placeholder="type, then press the button")
put_button("Greet", onclick=lambda: put_text("Hello,", pin.name))
