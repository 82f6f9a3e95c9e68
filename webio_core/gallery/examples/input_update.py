from webio.input import input_group, input_update, select

countries = {"France": ["Paris", "Lyon"], "Japan": ["Tokyo", "Osaka"]}
place = input_group("Where?", [
    select("Country", list(countries), name="country",
           onchange=lambda country: input_update("city", options=countries[country])),
    select("City", countries["France"], name="city"),
])
