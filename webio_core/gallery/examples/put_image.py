from webio.output import put_image

svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="160" height="60">'
       '<rect width="160" height="60" rx="8" fill="#1769aa"/>'
       '<text x="80" y="38" fill="white" font-size="20" text-anchor="middle">webio</text></svg>')
put_image(svg.encode(), format="svg+xml", title="A logo")
