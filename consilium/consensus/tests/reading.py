"""Which way a reading leans, for tests that read one sentence."""


def lean(for_it: float, against_it: float, names: tuple[str, str] = ("for", "against")) -> str:
    if for_it > against_it:
        return names[0]
    if against_it > for_it:
        return names[1]
    return "neither"
