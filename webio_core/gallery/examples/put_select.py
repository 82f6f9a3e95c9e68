from webio.pin import put_select

put_select("fruit", label="Fruit", options=["Apple", "Banana", "Cherry"], value="Banana")
