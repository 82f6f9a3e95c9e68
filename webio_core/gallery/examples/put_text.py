from webio.output import put_text

put_text("Plain text, escaped: <b> stays visible.")
put_text("Several", "values", 42, sep=" · ")
put_text("Inline with the next line", inline=True)
put_text("— this one.", inline=True)
