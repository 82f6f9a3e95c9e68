from webio.pin import put_slider

put_slider("level", label="Level", value=3, min_value=1, max_value=5)
