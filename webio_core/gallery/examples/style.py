from webio.output import put_text, style

style(put_text("Big and teal"), "font-size: 1.5em; color: teal")
style([put_text("Boxed one"), put_text("Boxed two")], "border: 1px solid gray; padding: 4px")
