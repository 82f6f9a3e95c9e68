from webio.output import toast

toast("Report saved", duration=10, color="success")
