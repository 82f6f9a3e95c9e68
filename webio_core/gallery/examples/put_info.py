from webio.output import put_error, put_info, put_success, put_warning

put_info("The backup runs at 02:00.")
put_success("All 12 checks passed.")
put_warning("The disk is 85 % full.", closable=True)
put_error("Could not reach the database.")
