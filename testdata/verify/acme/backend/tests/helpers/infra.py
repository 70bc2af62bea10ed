def requires_infra(name):
    def mark(fn):
        return fn
    return mark
