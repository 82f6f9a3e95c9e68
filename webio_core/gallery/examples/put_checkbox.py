from webio.pin import put_checkbox

put_checkbox("features", label="Features", options=["Dark mode", "Beta"], value=["Beta"], inline=True)
