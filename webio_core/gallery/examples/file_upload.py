from webio.input import file_upload
from webio.output import put_text

upload = file_upload("Your CV", accept=".pdf,.txt", max_size="2M")
put_text("Received", upload["filename"], len(upload["content"]), "bytes")
