from webio.output import put_link

put_link("Read the docs", url="https://example.com/docs", new_window=True)
put_link("Open the report app", app="report")
