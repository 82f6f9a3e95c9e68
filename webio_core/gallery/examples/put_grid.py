from webio.output import put_grid, put_text, span

put_grid([
    [put_text("A"), put_text("B"), put_text("C")],
    [span(put_text("D spans two columns"), col=2), put_text("E")],
], cell_width="120px")
