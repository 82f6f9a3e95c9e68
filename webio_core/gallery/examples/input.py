from webio.input import NUMBER, input
from webio.output import put_text

age = input("How old are you?", type=NUMBER, placeholder="years", help_text="Whole years only")
put_text("Next year you will be", age + 1)
