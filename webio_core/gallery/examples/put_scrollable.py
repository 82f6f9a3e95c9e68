from webio.output import put_scrollable, put_text

put_scrollable([put_text(f"Log line {n}") for n in range(1, 21)], height=120, keep_bottom=True)
