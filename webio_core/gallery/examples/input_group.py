from webio.input import NUMBER, input, input_group
from webio.output import put_text

data = input_group("New account", [
    input("Name", name="name", required=True),
    input("Age", name="age", type=NUMBER),
])
put_text(data["name"], "is", data["age"])
