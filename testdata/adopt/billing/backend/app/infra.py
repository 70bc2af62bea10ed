def requires_infra(name):
    def wrap(fn):
        return fn
    return wrap
