from webio.output import put_scope, put_text, use_scope

put_scope("news", [put_text("Latest news:")])
with use_scope("news"):
    put_text("webio 0.1 is out")
put_text("Outside the scope")
