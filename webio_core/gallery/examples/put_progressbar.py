from webio.output import put_progressbar, set_progressbar

put_progressbar("upload", label="Uploading")
set_progressbar("upload", 0.6, label="Uploading: 60 %")
