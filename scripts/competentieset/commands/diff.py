"""`competentieset diff OLD NEW` (placeholder until diff is written)."""
def register(sub):
    p = sub.add_parser("diff"); p.set_defaults(run=lambda a: 0)
