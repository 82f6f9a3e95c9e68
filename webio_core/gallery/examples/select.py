from webio.input import select
from webio.output import put_text

city = select("Where do you work?", ["London", "Paris", "Tokyo"], value="Paris")
put_text("Office:", city)
