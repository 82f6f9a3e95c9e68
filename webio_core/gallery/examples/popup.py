from webio.output import popup, put_text

popup("Terms of use", [put_text("Be kind to each other.")])
