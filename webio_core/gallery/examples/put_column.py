from webio.output import put_column, put_text

put_column([put_text("First"), put_text("Second"), put_text("Third")])
