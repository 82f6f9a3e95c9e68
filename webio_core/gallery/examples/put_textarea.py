from webio.pin import put_textarea

put_textarea("comment", label="Comment", rows=3, value="Looks good to me.")
