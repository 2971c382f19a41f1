"""Story clusters kept in step with the articles: near-duplicate groups and their merged events.

A cluster is a connected component of the graph that joins two articles when the LSH index makes
them candidates and their estimated Jaccard similarity reaches `dedup.SIMILARITY`; its id is the
smallest article id in it. Both depend only on the set of stored articles, never on the order
they arrived in, so a rerun, a resumed run or another batch order yields the same store. A new
article may join two clusters into one; the merged events of every cluster a batch touches are
then recomputed from the per-article `events` table, so they too depend on the members only.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tidings.clean.dedup import SCHEME, SIMILARITY, SignatureIndex, signature, similarity
from tidings.models import Article
from tidings.store.rows import Row, insert_rows

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

# Columns of `events` that decide which merged event a per-article event belongs to.
_EVENT_COLUMNS = (
    "c.cluster_id, e.article_id, e.id, e.cameo, e.source_code, e.source_text, "
    "e.target_code, e.target_text, e.date_value, e.sentence, e.span_start, e.span_end"
)
_ONE_DAY = timedelta(days=1)


class StoryClusters:
    """Fingerprints, clusters and merged events, written in the caller's open transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._index: SignatureIndex | None = None

    def reset(self) -> None:
        """Forget the in-memory index (its transaction rolled back); it is rebuilt when needed."""
        self._index = None

    def prepare(self) -> None:
        """Build the index from stored signatures, fingerprinting stored articles that lack one.

        Call inside the transaction, before the batch's own articles are inserted: articles stored
        before clusters existed, or under another fingerprint scheme, are clustered here.
        """
        if self._index is not None:
            return
        rows = self.con.execute(
            "SELECT article_id, signature FROM article_signatures "
            "WHERE scheme = ? AND signature IS NOT NULL ORDER BY article_id",
            [SCHEME],
        ).fetchall()
        self._index = SignatureIndex((str(r[0]), bytes(r[1])) for r in rows)
        stale = self.con.execute(
            "SELECT a.id, a.text FROM articles a LEFT JOIN article_signatures s "
            "ON s.article_id = a.id AND s.scheme = ? WHERE s.article_id IS NULL ORDER BY a.id",
            [SCHEME],
        ).fetchall()
        if stale:
            log.info("fingerprinting %d stored articles", len(stale))
            texts = {str(r[0]): str(r[1]) for r in stale}
            self._add(texts, set(texts))

    def add(self, articles: Sequence[Article], replaced: Collection[str] = ()) -> None:
        """Cluster articles just inserted; `replaced` ones may have left their old cluster."""
        self.prepare()
        self._add({a.id: a.text for a in articles}, set(replaced))

    def _add(self, texts: dict[str, str], replaced: set[str]) -> None:
        """Fingerprint and cluster `texts`; `replaced` (a subset) were stored before."""
        assert self._index is not None
        nodes = self._detach(replaced)
        sigs = {aid: signature(text) for aid, text in texts.items()}
        if replaced:
            self.con.execute(
                "DELETE FROM article_signatures WHERE article_id IN ?", [sorted(replaced)]
            )
        insert_rows(
            self.con,
            "article_signatures",
            [{"article_id": a, "scheme": SCHEME, "signature": s} for a, s in sigs.items()],
        )
        for aid, sig in sigs.items():
            self._index.remove(aid)
            if sig is not None:
                self._index.add(aid, sig)
        nodes.update(sigs)
        self._assign(nodes)

    def _detach(self, ids: set[str]) -> dict[str, bytes | None]:
        """Take the clusters of `ids` apart: their members, with signatures, to cluster again."""
        if not ids:
            return {}
        clusters = [
            str(r[0])
            for r in self.con.execute(
                "SELECT DISTINCT cluster_id FROM article_clusters WHERE article_id IN ?",
                [sorted(ids)],
            ).fetchall()
        ]
        if not clusters:
            return {}
        rows = self.con.execute(
            "SELECT c.article_id, s.signature FROM article_clusters c "
            "LEFT JOIN article_signatures s ON s.article_id = c.article_id AND s.scheme = ? "
            "WHERE c.cluster_id IN ?",
            [SCHEME, clusters],
        ).fetchall()
        self.con.execute("DELETE FROM event_mentions WHERE cluster_id IN ?", [clusters])
        self.con.execute("DELETE FROM article_clusters WHERE cluster_id IN ?", [clusters])
        return {str(r[0]): bytes(r[1]) if r[1] is not None else None for r in rows}

    def _stored(self, ids: Sequence[str]) -> tuple[dict[str, bytes], dict[str, str]]:
        """Signatures and cluster ids of stored articles."""
        if not ids:
            return {}, {}
        rows = self.con.execute(
            "SELECT s.article_id, s.signature, c.cluster_id FROM article_signatures s "
            "LEFT JOIN article_clusters c ON c.article_id = s.article_id "
            "WHERE s.article_id IN ? AND s.signature IS NOT NULL",
            [list(ids)],
        ).fetchall()
        sigs = {str(r[0]): bytes(r[1]) for r in rows}
        # An article without a cluster row can only be a store written outside the writer.
        clusters = {str(r[0]): str(r[2]) if r[2] is not None else str(r[0]) for r in rows}
        return sigs, clusters

    def _edges(
        self, nodes: dict[str, bytes | None]
    ) -> tuple[list[tuple[str, str]], dict[str, str]]:
        """Pairs (node, other) similar enough to be one story, and the clusters of the others
        that are stored articles."""
        assert self._index is not None
        pairs = [
            (aid, other)
            for aid, sig in sorted(nodes.items())
            if sig is not None
            for other in self._index.candidates(sig)
            if other != aid
        ]
        stored_sigs, cluster_of = self._stored(sorted({b for _, b in pairs} - set(nodes)))
        edges = []
        for aid, other in pairs:
            mine = nodes[aid]
            theirs = nodes.get(other) if other in nodes else stored_sigs.get(other)
            if mine is not None and theirs is not None and similarity(mine, theirs) >= SIMILARITY:
                edges.append((aid, other))
        return edges, cluster_of

    def _assign(self, nodes: dict[str, bytes | None]) -> None:
        """Cluster `nodes` (articles without a cluster row) with each other and the store."""
        if not nodes:
            return
        edges, cluster_of = self._edges(nodes)
        parent: dict[tuple[str, str], tuple[str, str]] = {}

        def find(x: tuple[str, str]) -> tuple[str, str]:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for aid, other in edges:
            theirs = ("node", other) if other in nodes else ("cluster", cluster_of[other])
            parent[find(("node", aid))] = find(theirs)
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for label in {*(("node", n) for n in nodes), *parent}:
            groups[find(label)].append(label)
        members: list[Row] = []
        renames: dict[str, str] = {}
        for labels in groups.values():
            final = min(name for _, name in labels)
            members.extend({"article_id": n, "cluster_id": final} for k, n in labels if k == "node")
            renames.update({c: final for k, c in labels if k == "cluster" and c != final})
        insert_rows(self.con, "article_clusters", sorted(members, key=lambda m: m["article_id"]))
        for old, new in sorted(renames.items()):
            self.con.execute(
                "UPDATE article_clusters SET cluster_id = ? WHERE cluster_id = ?", [new, old]
            )
        self._merge_events({m["cluster_id"] for m in members}, set(renames))

    def _merge_events(self, clusters: set[str], gone: set[str]) -> None:
        """Recompute the event mentions of `clusters` (and drop those of clusters now `gone`)."""
        self.con.execute(
            "DELETE FROM event_mentions WHERE cluster_id IN ?", [sorted(clusters | gone)]
        )
        rows = self.con.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events e "
            "JOIN article_clusters c ON c.article_id = e.article_id WHERE c.cluster_id IN ?",
            [sorted(clusters)],
        ).fetchall()
        insert_rows(self.con, "event_mentions", merged_mentions(rows))


def _actor_key(code: str | None, text: str | None) -> str:
    """An actor's identity for merging: its code, else (uncoded) its words."""
    if code:
        return code
    return "~" + " ".join(text.casefold().split()) if text else ""


def _day(value: str) -> date | None:
    if len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _date_chains(rows: list[tuple[Any, ...]]) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """Rows grouped so that day dates at most one day apart chain into one group.

    Chaining (single linkage over sorted dates) keeps the grouping independent of row order;
    dates that are not days ("2015-03", none) group by their exact value.
    """
    days: list[tuple[date, tuple[Any, ...]]] = []
    exact: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        value = row[8] or ""
        day = _day(value)
        if day is None:
            exact[value].append(row)
        else:
            days.append((day, row))
    days.sort(key=lambda pair: (pair[0], pair[1][1], pair[1][2]))
    chain: list[tuple[date, tuple[Any, ...]]] = []
    for day, row in days:
        if chain and day - chain[-1][0] > _ONE_DAY:
            yield chain[0][0].isoformat(), [r for _, r in chain]
            chain = []
        chain.append((day, row))
    if chain:
        yield chain[0][0].isoformat(), [r for _, r in chain]
    yield from exact.items()


def merged_mentions(rows: Iterable[tuple[Any, ...]]) -> list[Row]:
    """Event mention rows: per-article events of one cluster with the same CAMEO code, source,
    target and dates within a day share one event key.

    Each row is (cluster_id, article_id, event_id, cameo, source_code, source_text, target_code,
    target_text, date_value, sentence, span_start, span_end).
    """
    groups: dict[tuple[str, str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        groups[
            (str(row[0]), row[3] or "", _actor_key(row[4], row[5]), _actor_key(row[6], row[7]))
        ].append(row)
    out: list[Row] = []
    for group, members in sorted(groups.items()):
        for first, chain in _date_chains(members):
            key = hashlib.sha256("|".join((*group, first)).encode("utf-8")).hexdigest()[:16]
            out.extend(
                {
                    "event_key": key,
                    "cluster_id": row[0],
                    "article_id": row[1],
                    "event_id": row[2],
                    "sentence": row[9],
                    "span_start": row[10],
                    "span_end": row[11],
                }
                for row in chain
            )
    return out
