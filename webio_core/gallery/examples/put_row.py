from webio.output import put_column, put_row, put_text

put_row([
    put_text("Left"),
    put_column([put_text("Top right"), put_text("Bottom right")]),
], size="1fr 2fr")
