from webio.output import put_html

put_html('<p>Raw <abbr title="HyperText Markup Language">HTML</abbr> from a trusted source, '
         '<span style="color: crimson">styled</span>.</p>')
