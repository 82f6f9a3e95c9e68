from webio.output import put_loading

put_loading()
put_loading(shape="grow", color="primary")
