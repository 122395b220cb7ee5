/* The registry's schema and its migrations. migrations[i] takes a database from
 * user_version i to i + 1; a new version appends a script and never edits an old one.
 *
 * Conventions:
 * - Every id is derived from content, never from insertion order: documents
 *   "doc-" + hash of their content; parties their gazetteer code (VN-DLK, LA-XE) or
 *   "org-" + hash of their folded name; people "per-" + hash of a folded name;
 *   agreements and activities "agr-"/"act-" + hash of (document, kind, span);
 *   mentions "men-" + hash of (document, kind, span). Integer keys (documents.rid, the
 *   rowids of record_fts) are hashes too, so two runs over the same input in any order
 *   write the same rows.
 * - Records carry provenance: status (proposed, confirmed, rejected, deleted), origin
 *   (extracted, manual), reviewed (1 once a person confirmed, rejected or edited it:
 *   ingest never overwrites it again), confidence, and the primary source (document,
 *   span_start, span_end): the smallest (document, span) of all its sources, whose
 *   extracted values the record shows. Every source is kept in `sources` with what
 *   was extracted there (data, SPEC 1b JSON).
 * - Spans are byte offsets in the document's original bytes (documents.orig).
 * - Times are ISO 8601 UTC text; SOURCE_DATE_EPOCH fixes them.
 *
 * Full-text index (tokenizer "hoptac", see fts.h):
 * - doc_fts(title, body, caption): one row per document (rowid = documents.rid),
 *   external content from the view doc_fts_src: title is documents.title, body the
 *   lead and body blocks, caption the caption blocks (both kinds), each joined by
 *   '\n' in block order; bylines and boilerplate are not indexed. Rank with
 *   bm25(doc_fts, 4.0, 1.0, 0.5) so captions weigh less. Offsets in body/caption map
 *   back to blocks by walking the blocks of those classes (length + 1 each).
 * - record_fts(id, kind, names, text): one row per record (rowid = hash of the id):
 *   names holds the name, aliases and other-script names; text the other searchable
 *   fields (title, tasks, place, participants, commitments). */
#include "store_int.h"

static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE documents ("
    "  rid INTEGER PRIMARY KEY,"           /* from the content hash: FTS rowid */
    "  id TEXT NOT NULL UNIQUE,"
    "  hash TEXT NOT NULL UNIQUE,"
    "  source TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  title TEXT, published TEXT, url TEXT,"
    "  orig BLOB NOT NULL,"                /* the original bytes */
    "  text TEXT NOT NULL,"                /* normalised text */
    "  offmap BLOB NOT NULL,"              /* edits text -> orig: 4 x uint32 LE each */
    "  minhash BLOB,"                      /* 32 x uint32 LE; NULL when too short */
    "  cluster TEXT NOT NULL,"             /* smallest id of its near-duplicate cluster */
    "  created TEXT NOT NULL, updated TEXT NOT NULL);"
    "CREATE INDEX documents_cluster ON documents(cluster);"
    "CREATE INDEX documents_published ON documents(published, id);"

    /* MinHash bands of each document, to find its near-duplicate candidates */
    "CREATE TABLE doc_bands ("
    "  band INTEGER NOT NULL,"
    "  document INTEGER NOT NULL REFERENCES documents(rid) ON DELETE CASCADE,"
    "  PRIMARY KEY (band, document)) WITHOUT ROWID;"
    "CREATE INDEX doc_bands_document ON doc_bands(document);"

    "CREATE TABLE blocks ("
    "  document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  n INTEGER NOT NULL,"
    "  class TEXT NOT NULL,"
    "  text_start INTEGER NOT NULL, text_end INTEGER NOT NULL,"
    "  orig_start INTEGER NOT NULL, orig_end INTEGER NOT NULL,"
    "  PRIMARY KEY (document, n)) WITHOUT ROWID;"

    "CREATE TABLE parties ("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  name TEXT NOT NULL, folded TEXT NOT NULL,"
    "  country TEXT, parent TEXT,"
    "  gazetteer INTEGER NOT NULL DEFAULT 0,"
    "  name_en TEXT, name_local TEXT,"
    "  valid_from TEXT, valid_to TEXT, successor TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('proposed','confirmed','rejected','deleted')),"
    "  origin TEXT NOT NULL CHECK (origin IN ('extracted','manual')),"
    "  reviewed INTEGER NOT NULL DEFAULT 0,"
    "  confidence REAL,"
    "  document TEXT, span_start INTEGER, span_end INTEGER,"
    "  created TEXT NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX parties_folded ON parties(folded);"

    "CREATE TABLE people ("
    "  id TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL, folded TEXT NOT NULL,"
    "  party TEXT,"
    "  status TEXT NOT NULL CHECK (status IN ('proposed','confirmed','rejected','deleted')),"
    "  origin TEXT NOT NULL CHECK (origin IN ('extracted','manual')),"
    "  reviewed INTEGER NOT NULL DEFAULT 0,"
    "  confidence REAL,"
    "  document TEXT, span_start INTEGER, span_end INTEGER,"
    "  created TEXT NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX people_folded ON people(folded);"

    /* positions held, as seen in each source document */
    "CREATE TABLE positions ("
    "  person TEXT NOT NULL REFERENCES people(id) ON UPDATE CASCADE ON DELETE CASCADE,"
    "  title TEXT NOT NULL,"
    "  party TEXT NOT NULL DEFAULT '',"
    "  document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  PRIMARY KEY (person, title, party, document)) WITHOUT ROWID;"

    /* names and spelling variants of parties and people (the name itself included) */
    "CREATE TABLE aliases ("
    "  record TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"                /* party, person */
    "  alias TEXT NOT NULL,"
    "  folded TEXT NOT NULL,"
    "  PRIMARY KEY (record, alias)) WITHOUT ROWID;"
    "CREATE INDEX aliases_folded ON aliases(kind, folded);"

    "CREATE TABLE agreements ("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  title TEXT,"
    "  signed TEXT, signed_inferred INTEGER NOT NULL DEFAULT 0,"
    "  place TEXT,"
    "  term_from INTEGER, term_to INTEGER,"
    "  fields TEXT NOT NULL DEFAULT '[]',"
    "  tasks_declared INTEGER,"
    "  match_key TEXT UNIQUE,"             /* kind|signed|parties: one record per event */
    "  status TEXT NOT NULL CHECK (status IN ('proposed','confirmed','rejected','deleted')),"
    "  origin TEXT NOT NULL CHECK (origin IN ('extracted','manual')),"
    "  reviewed INTEGER NOT NULL DEFAULT 0,"
    "  confidence REAL,"
    "  document TEXT, span_start INTEGER, span_end INTEGER,"
    "  created TEXT NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID;"

    "CREATE TABLE agreement_parties ("
    "  agreement TEXT NOT NULL REFERENCES agreements(id) ON UPDATE CASCADE ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  party TEXT REFERENCES parties(id) ON UPDATE CASCADE,"
    "  PRIMARY KEY (agreement, name)) WITHOUT ROWID;"

    "CREATE TABLE tasks ("
    "  agreement TEXT NOT NULL REFERENCES agreements(id) ON UPDATE CASCADE ON DELETE CASCADE,"
    "  n INTEGER NOT NULL,"                /* 1-based order in the agreement */
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (agreement, n)) WITHOUT ROWID;"

    "CREATE TABLE activities ("
    "  id TEXT PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  kinds TEXT NOT NULL DEFAULT '[]',"
    "  date TEXT, date_inferred INTEGER NOT NULL DEFAULT 0,"
    "  place TEXT,"
    "  agreement TEXT REFERENCES agreements(id) ON UPDATE CASCADE ON DELETE SET NULL,"
    "  participants TEXT NOT NULL DEFAULT '[]',"
    "  commitments TEXT NOT NULL DEFAULT '[]',"
    "  fields TEXT NOT NULL DEFAULT '[]',"
    "  match_key TEXT UNIQUE,"             /* kind|date|parties: one record per event */
    "  status TEXT NOT NULL CHECK (status IN ('proposed','confirmed','rejected','deleted')),"
    "  origin TEXT NOT NULL CHECK (origin IN ('extracted','manual')),"
    "  reviewed INTEGER NOT NULL DEFAULT 0,"
    "  confidence REAL,"
    "  document TEXT, span_start INTEGER, span_end INTEGER,"
    "  created TEXT NOT NULL, updated TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX activities_date ON activities(date);"

    "CREATE TABLE activity_parties ("
    "  activity TEXT NOT NULL REFERENCES activities(id) ON UPDATE CASCADE ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  party TEXT REFERENCES parties(id) ON UPDATE CASCADE,"
    "  PRIMARY KEY (activity, name)) WITHOUT ROWID;"

    "CREATE TABLE mentions ("
    "  id TEXT PRIMARY KEY,"
    "  document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"                /* party, person, agreement, activity */
    "  record TEXT,"
    "  confidence REAL) WITHOUT ROWID;"
    "CREATE INDEX mentions_document ON mentions(document, span_start);"
    "CREATE INDEX mentions_record ON mentions(record);"

    /* every (record, document, span) that reported a record, with what was read there */
    "CREATE TABLE sources ("
    "  record TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    "  candidate TEXT NOT NULL,"           /* the id this source alone would give */
    "  confidence REAL,"
    "  data TEXT NOT NULL,"
    "  PRIMARY KEY (record, document, span_start, span_end)) WITHOUT ROWID;"
    "CREATE INDEX sources_document ON sources(document);"

    /* edits, merges and deletions made by people (never by ingest) */
    "CREATE TABLE history ("
    "  id TEXT PRIMARY KEY,"
    "  record TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  before TEXT, after TEXT,"
    "  user TEXT,"
    "  at TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX history_record ON history(record, at);"

    /* The blocks come out of the (document, n) primary key in n order, so the
     * group_concat below joins them in reading order. */
    "CREATE VIEW doc_fts_src(rid, title, body, caption) AS SELECT d.rid, d.title,"
    " (SELECT group_concat(CAST(substr(CAST(d.text AS BLOB), b.text_start + 1,"
    "    b.text_end - b.text_start) AS TEXT), char(10)) FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('lead', 'body')),"
    " (SELECT group_concat(CAST(substr(CAST(d.text AS BLOB), b.text_start + 1,"
    "    b.text_end - b.text_start) AS TEXT), char(10)) FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('caption', 'caption-other'))"
    " FROM documents d;"
    "CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, caption, tokenize = 'hoptac',"
    " content = 'doc_fts_src', content_rowid = 'rid');"
    "CREATE VIRTUAL TABLE record_fts USING fts5(id UNINDEXED, kind UNINDEXED, names, text,"
    " tokenize = 'hoptac');",

    /* 1 -> 2: the registry's own edits, and a smaller file.
     * - documents keep only their original bytes: the normalised text (and its map
     *   back to the original) is recomputed by hoptac_normalize(); the full-text view
     *   normalises each block of the original, and the index is rebuilt from it, so
     *   that what the index holds is what the view gives. Deleted documents (kept,
     *   with their sources) leave the index.
     * - near-duplicate candidates are found through a band index each connection
     *   keeps in memory, built from documents.minhash (now the k-th value of one
     *   mixed hash per shingle, h1 + k h2: signatures of older files are computed
     *   again when they are upgraded).
     * - documents.rid (the full-text rowid) is given in order of arrival, not from the
     *   hash: FTS5 stores rowid deltas, and random 63-bit ones doubled the index. It is
     *   an internal key (not exported; an import gives it again in id order).
     * - the full-text rows of new documents and of records changed by ingest wait in
     *   fts_queue and record_queue and are indexed in batches (ht_store_fts_flush), so
     *   that each document's transaction does not write an index segment of its own.
     * - merged_into: a record merged by a person into another stays as a deleted
     *   tombstone pointing at the survivor, which later ingests follow.
     * - activities: the tasks of their agreement they carry out (JSON array of task
     *   numbers) and a summary written by a person. */
    "DROP VIEW doc_fts_src;"
    "ALTER TABLE documents DROP COLUMN text;"
    "ALTER TABLE documents DROP COLUMN offmap;"
    "ALTER TABLE documents ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;"
    "DROP TABLE doc_bands;"
    "ALTER TABLE parties ADD COLUMN merged_into TEXT;"
    "ALTER TABLE people ADD COLUMN merged_into TEXT;"
    "ALTER TABLE agreements ADD COLUMN merged_into TEXT;"
    "ALTER TABLE activities ADD COLUMN merged_into TEXT;"
    "ALTER TABLE activities ADD COLUMN tasks TEXT NOT NULL DEFAULT '[]';"
    "ALTER TABLE activities ADD COLUMN summary TEXT;"
    "CREATE TABLE fts_queue (rid INTEGER PRIMARY KEY);"
    "CREATE TABLE record_queue (record TEXT PRIMARY KEY, kind INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX agreement_parties_party ON agreement_parties(party);"
    "CREATE INDEX activity_parties_party ON activity_parties(party);"
    "CREATE VIEW doc_fts_src(rid, title, body, caption) AS SELECT d.rid, d.title,"
    " (SELECT group_concat(hoptac_normalize(substr(d.orig, b.orig_start + 1,"
    "    b.orig_end - b.orig_start)), char(10)) FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('lead', 'body')),"
    " (SELECT group_concat(hoptac_normalize(substr(d.orig, b.orig_start + 1,"
    "    b.orig_end - b.orig_start)), char(10)) FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('caption', 'caption-other'))"
    " FROM documents d WHERE d.deleted = 0;"
    "INSERT INTO doc_fts (doc_fts) VALUES ('rebuild');",

    /* 2 -> 3: the people who may write through the web UI, and their sign-ins. A
     * password is kept only as an Argon2id hash string (libsodium's crypto_pwhash_str);
     * a session only as the hash of the token in its cookie, and its times in Unix
     * seconds of the real clock (SOURCE_DATE_EPOCH fixes records, not sign-ins). */
    "CREATE TABLE users ("
    "  name TEXT PRIMARY KEY,"
    "  hash TEXT NOT NULL,"
    "  created TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sessions ("
    "  id TEXT PRIMARY KEY,"                 /* hash of the cookie's token */
    "  user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,"
    "  created INTEGER NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_user ON sessions(user);",

    /* 3 -> 4: documents keep the page's text where it is not the original normalised.
     * - documents.text: the page's text when it differs from hoptac_normalize(orig)
     *   (HTML, and text or JSON Lines whose lines the page layer joined or cut); NULL
     *   otherwise. Files of schema 2 and 3 kept none: their texts are parsed again
     *   from the original when they are upgraded (st_doc_retext), wherever the page
     *   layer gives the same blocks as before.
     * - the full-text view cuts each block out of that text (hoptac_slices, one
     *   normalisation per document); the index is made again with the tokenizer's
     *   "normalised" option (the view's words need no second normalisation) and is
     *   rebuilt after the texts are back.
     * - record_queue goes: the records to index again are those with a source in a
     *   document of fts_queue, so ingest writes no queue row per record.
     * - mentions are kept in the order of their document (primary key document,
     *   span, kind; the id, derived from the same values, is a column): a document's
     *   mentions go to one place instead of two indexes in random order. */
    "DROP VIEW doc_fts_src;"
    "DROP TABLE doc_fts;"
    "ALTER TABLE documents ADD COLUMN text TEXT;"
    "CREATE VIEW doc_fts_src(rid, title, body, caption) AS SELECT d.rid, hoptac_normalize(d.title),"
    " hoptac_slices(coalesce(d.text, hoptac_normalize(d.orig)),"
    "  (SELECT group_concat(b.text_start || ' ' || b.text_end, ' ') FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('lead', 'body'))),"
    " hoptac_slices(coalesce(d.text, hoptac_normalize(d.orig)),"
    "  (SELECT group_concat(b.text_start || ' ' || b.text_end, ' ') FROM blocks b"
    "   WHERE b.document = d.id AND b.class IN ('caption', 'caption-other')))"
    " FROM documents d WHERE d.deleted = 0;"
    "CREATE VIRTUAL TABLE doc_fts USING fts5(title, body, caption,"
    " tokenize = 'hoptac normalised', content = 'doc_fts_src', content_rowid = 'rid');"
    "DROP TABLE record_queue;"
    "CREATE TABLE mentions_by_document ("
    "  document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    "  span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  record TEXT,"
    "  confidence REAL,"
    "  PRIMARY KEY (document, span_start, span_end, kind)) WITHOUT ROWID;"
    "INSERT INTO mentions_by_document SELECT document, span_start, span_end, kind, id, record,"
    " confidence FROM mentions;"
    "DROP TABLE mentions;"
    "ALTER TABLE mentions_by_document RENAME TO mentions;"
    "CREATE INDEX mentions_record ON mentions(record);",

    /* 4 -> 5: match keys of agreements and activities name the provinces and countries
     * of the parties (st_event_key) instead of the parties as each article names them;
     * the stored keys are made again after this script (st_rekey_events). Agreements
     * are found by their signing date. */
    "CREATE INDEX agreements_signed ON agreements(signed);",

    /* 5 -> 6: the match keys of activities put a reception, talks and a working session
     * under the visit they belong to (st_event_key); the stored keys are made again after
     * this script. */
    "UPDATE activities SET match_key = match_key WHERE 0;",
};

int st_schema_migrate(ht_store *st, ht_error *e)
{
    int n = (int)(sizeof migrations / sizeof migrations[0]);
    if (n != HT_STORE_SCHEMA)
        return ht_err(e, HT_EDB, "schema version %d has %d migrations", HT_STORE_SCHEMA, n);
    for (int v = st->schema; v < n; v++) {
        int rc = st_exec(st, migrations[v], e);
        if (rc) {
            ht_err_prefix(e, "migrating %s from schema %d", st->path, v);
            return rc;
        }
    }
    return 0;
}
