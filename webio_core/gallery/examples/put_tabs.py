from webio.output import put_tabs, put_text, put_table

put_tabs([
    {"title": "Summary", "content": put_text("3 open tickets")},
    {"title": "Details", "content": put_table([["#12", "Login fails"], ["#15", "Slow export"]])},
])
