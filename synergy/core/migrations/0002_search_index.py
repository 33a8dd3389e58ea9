"""Full-text index for SearchDocument: FTS5 on SQLite, a GIN expression index on PostgreSQL.

Both index the folded (diacritic-free) title and body; the query is folded the same way.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_searchdocument_fts USING fts5("
    " folded_title, folded_body, content='core_searchdocument', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER core_searchdocument_ai AFTER INSERT ON core_searchdocument BEGIN"
    " INSERT INTO core_searchdocument_fts(rowid, folded_title, folded_body)"
    " VALUES (new.id, new.folded_title, new.folded_body); END",
    "CREATE TRIGGER core_searchdocument_ad AFTER DELETE ON core_searchdocument BEGIN"
    " INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, folded_title, folded_body)"
    " VALUES ('delete', old.id, old.folded_title, old.folded_body); END",
    "CREATE TRIGGER core_searchdocument_au AFTER UPDATE ON core_searchdocument BEGIN"
    " INSERT INTO core_searchdocument_fts(core_searchdocument_fts, rowid, folded_title, folded_body)"
    " VALUES ('delete', old.id, old.folded_title, old.folded_body);"
    " INSERT INTO core_searchdocument_fts(rowid, folded_title, folded_body)"
    " VALUES (new.id, new.folded_title, new.folded_body); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchdocument_au",
    "DROP TRIGGER IF EXISTS core_searchdocument_ad",
    "DROP TRIGGER IF EXISTS core_searchdocument_ai",
    "DROP TABLE IF EXISTS core_searchdocument_fts",
]
# Must match synergy.core.search._pg_vector() exactly, or PostgreSQL will not use the index.
POSTGRES_FORWARD = [
    "CREATE INDEX core_searchdocument_fts ON core_searchdocument USING gin (("
    " setweight(to_tsvector('simple'::regconfig, COALESCE(folded_title, '')), 'A') ||"
    " setweight(to_tsvector('simple'::regconfig, COALESCE(folded_body, '')), 'B')))"
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS core_searchdocument_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
