from webio.output import put_processbar, set_processbar

put_processbar("upload", label="Uploading")
set_processbar("upload", 0.6, label="Uploading: 60 %")
