"""Autogenerate hooks shared by migrations/env.py and the model/migration agreement test."""


def render_item(type_, obj, autogen_context):
    """Render our UTCDateTime decorator as the plain column type it stores."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name, type_, parent_names):
    """Full-text search tables are made by hand-written migrations, not by models."""
    if type_ == "table" and name and (name.endswith("_fts") or "_fts_" in name
                                      or name.startswith("sqlite_")):
        return False
    return True
