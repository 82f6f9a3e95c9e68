from webio.output import put_button, put_text

put_button("Refresh", onclick=lambda: put_text("Refreshed"), color="success")
put_button("Disabled", onclick=lambda: None, disabled=True, outline=True)
