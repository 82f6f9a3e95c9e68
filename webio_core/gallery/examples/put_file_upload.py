from webio.pin import pin, put_file_upload
from webio.output import put_button, put_text

put_file_upload("report", label="Your report", accept=".csv,.txt")
put_button("Check", onclick=lambda: put_text("Chosen:", pin.report["filename"] if pin.report else "nothing"))
