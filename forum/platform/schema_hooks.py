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
    # PostgreSQL only: the generated tsvector columns and their GIN indexes (migration
    # a05927a06e54) are not declared on the models, which must also fit SQLite.
    if type_ in ("column", "index") and name and "search_vector" in name:
        return False
    return True
