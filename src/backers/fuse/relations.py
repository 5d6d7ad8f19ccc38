"""Claims become relations: grouping, independent sources, claimants, denials, history.

A **relation** is (supporter, recipient, type) with every claim that asserts it and every
denial that contradicts it. All of it is computed with set-based SQL over the claims of a
*scope* of (supporter, recipient) pairs, so an incremental update and a full rebuild run the
same statements (the full rebuild's scope is every pair) and cannot disagree.

Independent sources. A claim counts as the independent source ``source_key``:

1. the group of near-duplicate documents its article belongs to (``fuse_sources``, see
   :mod:`backers.fuse.dedup`): a wire story reprinted by ten outlets is one text;
2. merged further with every other claim of the same pair read from the *same sentence*
   (case, spacing and punctuation ignored): a wire paragraph pasted into a roundup is the
   same source even when the two articles as wholes are not near-duplicates.

Claimants. The original claimant is kept apart from the outlets that report it: a claim is
attributed to ``claimant`` (speaking for ``claimant_affiliation``), and the *party* used to
count claimants is the affiliation, else the claimant, else (the outlet's own voice) the
outlet that first carried the text (the smallest outlet name among the reprints of one
independent source), so six White House statements are one party with six sources, and an
AP story reprinted by Yahoo and MSN is one party, not two. Ten outlets quoting John Kirby
are one claimant, John Kirby for the United States, reported by ten outlets.

Denials. A claim with certainty ``denied`` contradicts the relations of the same pair whose
type is the same, or where either side is ``unspecified`` ("Iran denies supporting the
Houthis" contradicts Iran -> Houthis arms). A denial that contradicts nothing forms its own
relation, with claimants against and none for (confidence 0).

Versions. Only the claims of a document's current version (``current_documents``, the
store's one version rule) are fused; a superseded version's claims stay stored, unused.

Dates. A claim is seen at its ``time`` where that is an ISO date or interval
(``2022``, ``2022-10``, ``2022-10-05``, ``2022-10/2023-01``), else at its article's
``published`` date where that is exact (:mod:`backers.query.seen`: a relative date is no
date). ``first_seen``/``last_seen`` are ISO strings of the precision known.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import duckdb
import pyarrow as pa

from backers.fuse import confidence
from backers.fuse.catalogue import Catalogue
from backers.query.corrections import CLAIMS
from backers.query.seen import seen_from, seen_to

# A denial in the voice of a fact-checker (its claimant, or its outlet when unattributed)
# is a verdict: see backers.fuse.confidence.
FACT_CHECK_PATTERN = "|".join(n.replace(".", "[.]") for n in confidence.FACT_CHECKERS)
CERTAINTY_RANK = (
    "CASE {c} WHEN 'confirmed' THEN 5 WHEN 'stated' THEN 4 WHEN 'assessed' THEN 3"
    " WHEN 'alleged' THEN 2 WHEN 'denied' THEN 1 ELSE 0 END"
)


def set_scope(con: duckdb.DuckDBPyConnection, article_ids: list[str] | None) -> int:
    """Fill ``_fuse_scope`` with the pairs touched by ``article_ids`` (None: all pairs).

    A pair is touched when a claim of one of the articles names it now, or named it at the
    last fusion (the article was re-extracted and the claim is gone).
    """
    con.execute("CREATE OR REPLACE TEMP TABLE _fuse_scope (supporter VARCHAR, recipient VARCHAR)")
    if article_ids is None:
        con.execute(
            f"INSERT INTO _fuse_scope SELECT supporter, recipient FROM {CLAIMS}"
            " UNION SELECT supporter, recipient FROM fuse_claims"
        )
    elif article_ids:
        article_ids = _with_versions(con, article_ids)
        con.execute(
            "INSERT INTO _fuse_scope"
            f" SELECT supporter, recipient FROM {CLAIMS}"
            "   WHERE article_id IN (SELECT unnest(?::VARCHAR[]))"
            " UNION SELECT supporter, recipient FROM fuse_claims"
            "   WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
            [article_ids, article_ids],
        )
    return con.execute("SELECT count(*) FROM _fuse_scope").fetchone()[0]


def _with_versions(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[str]:
    """The articles and every other stored version of their documents: a new version
    makes the claims of the one it supersedes stop counting, so their pairs change too."""
    # Two equality joins, not one join ON a OR b: DuckDB runs an OR condition as a nested
    # loop over every document (47 s on 50,000 documents for one correction).
    rows = con.execute(
        "WITH x AS (SELECT doc_id, url FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])))"
        " SELECT d.id FROM documents d JOIN x ON x.doc_id = d.doc_id"
        " UNION SELECT d.id FROM documents d JOIN x ON x.url = d.url",
        [article_ids],
    ).fetchall()
    return sorted(set(article_ids) | {r[0] for r in rows})


def _lookup_table(
    con: duckdb.DuckDBPyConnection, table: str, value: str, mapping: Mapping[str, str]
) -> None:
    """A temporary two-column table ``(alias, <value>)`` from a catalogue mapping, so the
    rebuild can join on it in SQL."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (alias VARCHAR, {value} VARCHAR)")
    if not mapping:
        return
    con.register(f"{table}_in", pa.table({"alias": list(mapping), value: list(mapping.values())}))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {table}_in")
    finally:
        con.unregister(f"{table}_in")


def _lookups(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """Item alias -> family, and actor alias -> actor: the latter so a claim in the voice
    of "The White House" (an outlet or a claimant with no affiliation) counts as the same
    party as John Kirby (United States)."""
    _lookup_table(con, "_fuse_family", "family", catalogue.item_family)
    _lookup_table(con, "_fuse_actor", "actor", catalogue.actor_alias)


def rebuild_scope(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> int:
    """Recompute the relations of every pair in ``_fuse_scope``; return how many exist now.

    Rows are written in the order they are read: ``fuse_relations`` in listing order
    (confidence, sources, supporter, recipient, type; see ``query.list_relations``) and
    ``fuse_claims`` by recipient and supporter. DuckDB keeps min/max statistics per block
    of rows, so on ordered tables a first page stops after the first blocks and a
    recipient's claims are read from a few blocks instead of all. An incremental update
    appends its rows after the others, out of that order: queries stay correct, only
    slower as such rows pile up, so ``keep_order`` rewrites the tables in order when they
    are a fifth of them. A full rebuild (``backers fuse``, ``update(con, None)``) deletes
    and re-inserts every row, so it restores the order by itself.
    """
    _lookups(con, catalogue)
    con.execute(
        "DELETE FROM fuse_relations f USING _fuse_scope s"
        " WHERE f.supporter = s.supporter AND f.recipient = s.recipient"
    )
    con.execute(
        "DELETE FROM fuse_claims f USING _fuse_scope s"
        " WHERE f.supporter = s.supporter AND f.recipient = s.recipient"
    )
    # Every claim of the scope with its document, independent source and party.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _fc AS
        WITH base AS (
            SELECT c.id AS claim_id, c.article_id, c.supporter, c.recipient, c.type,
                   c.status, c.certainty, c.claimant, c.claimant_affiliation, c.items,
                   d.outlet,
                   coalesce(s.source_id, c.article_id) AS text_source,
                   {seen_from()} AS seen_from, {seen_to()} AS seen_to,
                   md5(trim(regexp_replace(lower(c.sentence), '\\W+', ' ', 'g')))
                       AS sentence_key
            FROM {CLAIMS} c
            JOIN _fuse_scope sc ON sc.supporter = c.supporter AND sc.recipient = c.recipient
            JOIN current_documents d ON d.id = c.article_id
            LEFT JOIN fuse_sources s ON s.article_id = c.article_id
            WHERE c.supporter <> c.recipient
        ), keyed AS (
            SELECT *,
                   min(text_source) OVER (PARTITION BY supporter, recipient, sentence_key)
                       AS source_key
            FROM base
        ), voiced AS (
            SELECT *,
                   min(outlet) OVER (PARTITION BY supporter, recipient, source_key)
                       AS source_outlet
            FROM keyed
        )
        SELECT *,
               lower(coalesce(claimant_affiliation,
                              (SELECT min(a.actor) FROM _fuse_actor a
                               WHERE a.alias = regexp_replace(lower(claimant), '^the ', '')
                                  OR a.alias = lower(claimant)),
                              claimant,
                              (SELECT min(a.actor) FROM _fuse_actor a
                               WHERE a.alias = regexp_replace(lower(source_outlet), '^the ', '')
                                  OR a.alias = lower(source_outlet)),
                              'outlet:' || coalesce(source_outlet, source_key))) AS party,
               {CERTAINTY_RANK.format(c="certainty")} AS rank,
               certainty = 'denied' AND regexp_matches(
                   lower(coalesce(claimant, claimant_affiliation, outlet, '')),
                   '{FACT_CHECK_PATTERN}') AS fact_check
        FROM voiced
        """
    )
    # Relations asserted by at least one claim, then denial-only ones.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _fr AS SELECT DISTINCT supporter, recipient, type"
        " FROM _fc WHERE certainty <> 'denied'"
    )
    con.execute(
        "INSERT INTO _fr SELECT DISTINCT d.supporter, d.recipient, d.type FROM _fc d"
        " WHERE d.certainty = 'denied' AND NOT EXISTS (SELECT 1 FROM _fr r"
        "   WHERE r.supporter = d.supporter AND r.recipient = d.recipient"
        "   AND (r.type = d.type OR r.type = 'unspecified' OR d.type = 'unspecified'))"
    )
    con.execute(
        "ALTER TABLE _fr ADD COLUMN id VARCHAR;"
        " UPDATE _fr SET id = substr(md5(supporter || chr(31) || recipient || chr(31) || type),"
        " 1, 16)"
    )
    con.execute(
        """
        INSERT INTO fuse_claims
        SELECT c.claim_id, r.id, 'for', c.article_id, c.supporter, c.recipient, c.source_key,
               c.party, c.seen_from, c.seen_to
        FROM _fc c JOIN _fr r USING (supporter, recipient, type)
        WHERE c.certainty <> 'denied'
        UNION ALL
        SELECT c.claim_id, r.id, 'against', c.article_id, c.supporter, c.recipient,
               c.source_key, c.party, c.seen_from, c.seen_to
        FROM _fc c JOIN _fr r ON r.supporter = c.supporter AND r.recipient = c.recipient
           AND (r.type = c.type OR r.type = 'unspecified' OR c.type = 'unspecified')
        WHERE c.certainty = 'denied'
        ORDER BY """
        + CLAIM_ORDER
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _fl AS
        SELECT l.relation_id, l.role, c.*
        FROM fuse_claims l JOIN _fc c USING (claim_id)
        JOIN _fr r ON r.id = l.relation_id
        """
    )
    con.execute(_AGGREGATE)
    rows = con.execute(
        "SELECT id, best_certainty, sources, parties, denying_parties, interested_denials,"
        " fact_checks FROM _fa"
    ).fetchall()
    ids, scores, ingredients = [], [], []
    weights = confidence.source_weights(con)  # the outlets' ratings (backers.sources)
    for rid, best, sources, parties, denying, interested, checks in rows:
        result = confidence.score(
            best, sources, parties, denying, interested, checks, weights=weights.get(rid)
        )
        ids.append(rid)
        scores.append(result["score"])
        ingredients.append(json.dumps(result["ingredients"]))
    con.register(
        "_fuse_conf_in", pa.table({"id": ids, "score": scores, "ingredients": ingredients})
    )
    try:
        con.execute(_INSERT)
    finally:
        con.unregister("_fuse_conf_in")
    for table in ("_fc", "_fr", "_fl", "_fa", "_fuse_family"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return con.execute("SELECT count(*) FROM fuse_relations").fetchone()[0]


# fuse_relations is read most confident first, fuse_claims by recipient (see rebuild_scope).
RELATION_ORDER = "confidence DESC, sources DESC, supporter, recipient, type"
CLAIM_ORDER = "recipient, supporter"
# Incremental updates append rewritten relations out of order; once they are this share of
# all relations, both tables are rewritten in order. Below REORDER_MIN relations a whole
# scan is quick anyway, so small stores are never rewritten.
REORDER_SHARE = 0.2
REORDER_MIN = 20_000


def appended(con: duckdb.DuckDBPyConnection) -> int:
    """How many relations the last ``rebuild_scope`` rewrote (those of ``_fuse_scope``),
    all now at the end of the table."""
    return con.execute(
        "SELECT count(*) FROM fuse_relations f JOIN _fuse_scope s"
        " ON f.supporter = s.supporter AND f.recipient = s.recipient"
    ).fetchone()[0]


def keep_order(con: duckdb.DuckDBPyConnection, added: int | None, total: int) -> bool:
    """Count relations written out of order (``added``; ``None`` after a full rebuild,
    which writes everything in order) and rewrite both tables in order once they reach
    ``REORDER_SHARE`` of ``total``. Returns whether it rewrote them.

    Without this, a store built by many ingest batches would end up in the order of its
    updates: the much-reported pairs are in nearly every batch, so the rows the first page
    needs would all sit in the unordered tail.
    """
    unordered = 0
    if added is not None:
        row = con.execute(
            "SELECT value FROM fuse_state WHERE key = 'unordered_relations'"
        ).fetchone()
        unordered = (int(row[0]) if row else 0) + added
    rewrite = total >= REORDER_MIN and unordered > REORDER_SHARE * total
    if rewrite:
        for table, order in (("fuse_relations", RELATION_ORDER), ("fuse_claims", CLAIM_ORDER)):
            con.execute(f"CREATE OR REPLACE TEMP TABLE _fuse_sorted AS SELECT * FROM {table}")
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} SELECT * FROM _fuse_sorted ORDER BY {order}")
            con.execute("DROP TABLE _fuse_sorted")
        unordered = 0
    con.execute(
        "INSERT OR REPLACE INTO fuse_state VALUES ('unordered_relations', ?)", [str(unordered)]
    )
    return rewrite


_AGGREGATE = """
CREATE OR REPLACE TEMP TABLE _fa AS
WITH statuses AS (
    SELECT relation_id, status, min(seen_from) AS first_seen, max(seen_to) AS last_seen,
           count(*) AS claims, count(DISTINCT source_key) AS sources
    FROM _fl WHERE role = 'for' GROUP BY relation_id, status
), status_json AS (
    SELECT relation_id,
           list({'status': status, 'first_seen': first_seen, 'last_seen': last_seen,
                 'claims': claims, 'sources': sources}
                ORDER BY first_seen NULLS LAST, status) AS statuses,
           list(status ORDER BY first_seen NULLS LAST, status) AS status_list,
           arg_max(status, coalesce(last_seen, '') || '|'
               || CASE status WHEN 'requested' THEN 1 WHEN 'pledged' THEN 2
                  WHEN 'delivered' THEN 3 WHEN 'refused' THEN 4 ELSE 5 END) AS status
    FROM statuses GROUP BY relation_id
), items AS (
    SELECT relation_id, list_sort(list_distinct(list(coalesce(f.family, i.item)))) AS items
    FROM (SELECT relation_id,
                 lower(trim(regexp_replace(unnest(items), '\\s+', ' ', 'g'))) AS item
          FROM _fl WHERE role = 'for') i
    LEFT JOIN _fuse_family f ON f.alias = i.item
    WHERE i.item <> ''
    GROUP BY relation_id
), claimant_groups AS (
    SELECT relation_id, role,
           CASE WHEN claimant IS NULL AND claimant_affiliation IS NULL
                THEN 'outlet:' || coalesce(lower(source_outlet), source_key)
                ELSE lower(coalesce(claimant, '')) || chr(31)
                     || lower(coalesce(claimant_affiliation, ''))
           END AS ckey,
           coalesce(min(claimant), min(claimant_affiliation), min(source_outlet),
                    'unattributed') AS name,
           min(claimant_affiliation) AS affiliation,
           min(claimant) IS NULL AND min(claimant_affiliation) IS NULL AS own_voice,
           arg_max(certainty, rank) AS certainty,
           list_sort(list_distinct(list(certainty))) AS certainties,
           count(DISTINCT source_key) AS sources,
           count(DISTINCT article_id) AS articles,
           list_sort(list_distinct(list(outlet) FILTER (WHERE outlet IS NOT NULL))) AS outlets
    FROM _fl GROUP BY relation_id, role, ckey
), claimants AS (
    SELECT relation_id,
           coalesce(list({'name': name, 'affiliation': affiliation, 'certainty': certainty,
                 'certainties': certainties, 'own_voice': own_voice, 'sources': sources,
                 'articles': articles, 'outlets': outlets}
                 ORDER BY sources DESC, name, affiliation NULLS FIRST)
                 FILTER (WHERE role = 'for'), []) AS claimants_for,
           coalesce(list({'name': name, 'affiliation': affiliation, 'certainty': certainty,
                 'certainties': certainties, 'own_voice': own_voice, 'sources': sources,
                 'articles': articles, 'outlets': outlets}
                 ORDER BY sources DESC, name, affiliation NULLS FIRST)
                 FILTER (WHERE role = 'against'), []) AS claimants_against,
           list_sort(list_distinct(flatten(list([lower(name),
               lower(coalesce(affiliation, name))])))) AS search_claimants
    FROM claimant_groups GROUP BY relation_id
), base AS (
    SELECT r.id, r.supporter, r.recipient, r.type,
           count(*) FILTER (WHERE l.role = 'for') AS claims,
           count(DISTINCT l.source_key) FILTER (WHERE l.role = 'for') AS sources,
           count(DISTINCT l.article_id) FILTER (WHERE l.role = 'for') AS articles,
           count(*) FILTER (WHERE l.role = 'against') AS denials,
           coalesce(list_sort(list_distinct(list(l.outlet)
               FILTER (WHERE l.role = 'for' AND l.outlet IS NOT NULL))), []) AS outlets,
           coalesce(list_sort(list_distinct(list(l.certainty)
               FILTER (WHERE l.role = 'for'))), []) AS certainties,
           coalesce(min(l.seen_from) FILTER (WHERE l.role = 'for'), min(l.seen_from))
               AS first_seen,
           coalesce(max(l.seen_to) FILTER (WHERE l.role = 'for'), max(l.seen_to)) AS last_seen,
           count(DISTINCT l.party) FILTER (WHERE l.role = 'for') AS parties,
           arg_max(l.certainty, l.rank) FILTER (WHERE l.role = 'for') AS best_certainty,
           count(DISTINCT l.party) FILTER (WHERE l.role = 'against' AND NOT l.fact_check
               AND l.party NOT IN (lower(r.supporter), lower(r.recipient))) AS denying_parties,
           count(DISTINCT l.party) FILTER (WHERE l.role = 'against' AND NOT l.fact_check
               AND l.party IN (lower(r.supporter), lower(r.recipient))) AS interested_denials,
           count(DISTINCT l.party) FILTER (WHERE l.role = 'against' AND l.fact_check)
               AS fact_checks
    FROM _fr r JOIN _fl l ON l.relation_id = r.id
    GROUP BY r.id, r.supporter, r.recipient, r.type
)
SELECT b.*, s.status, coalesce(s.statuses, []) AS statuses,
       coalesce(s.status_list, []) AS status_list, coalesce(i.items, []) AS items,
       c.claimants_for, c.claimants_against, c.search_claimants,
       list_transform(b.outlets, lambda x: lower(x)) AS search_outlets
FROM base b
LEFT JOIN status_json s ON s.relation_id = b.id
LEFT JOIN items i ON i.relation_id = b.id
LEFT JOIN claimants c ON c.relation_id = b.id
"""

_INSERT = """
INSERT INTO fuse_relations
SELECT a.id, a.supporter, a.recipient, a.type, a.status, to_json(a.statuses),
       a.status_list, a.items, to_json(a.claimants_for), to_json(a.claimants_against),
       a.certainties, a.sources, a.articles, a.claims, a.denials, a.outlets,
       a.first_seen, a.last_seen, k.score, k.ingredients::JSON,
       a.search_claimants, a.search_outlets
FROM _fa a JOIN _fuse_conf_in k ON k.id = a.id
ORDER BY k.score DESC, a.sources DESC, a.supporter, a.recipient, a.type
"""  # RELATION_ORDER, with confidence named as it is here
