from webio.input import checkbox
from webio.output import put_text

toppings = checkbox("Toppings", options=["Cheese", "Olives", "Basil"], value=["Cheese"])
put_text("You picked", ", ".join(toppings))
