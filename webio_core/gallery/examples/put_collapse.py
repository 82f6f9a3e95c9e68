from webio.output import put_collapse, put_text

put_collapse("Show the details", [
    put_text("The job ran for 42 seconds."),
    put_text("No errors."),
], open=True)
