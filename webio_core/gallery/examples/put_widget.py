from webio.output import put_text, put_widget

template = """
<div class="card"><div class="card-body">
  <h5>{{title}}</h5>
  {{#items}}<div>{{& pywebio_output_parse}}</div>{{/items}}
</div></div>
"""
put_widget(template, {"title": "A card of my own", "items": [put_text("first"), put_text("second")]})
