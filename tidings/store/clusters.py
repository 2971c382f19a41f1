"""Story clusters kept in step with the articles: near-duplicate groups and their merged events.

A cluster is a connected component of the graph that joins two articles when the LSH index makes
them candidates and their estimated Jaccard similarity reaches `dedup.SIMILARITY`; its id is the
smallest article id in it. Both depend only on the set of stored articles, never on the order
they arrived in, so a rerun, a resumed run or another batch order yields the same store.

The work a batch costs grows with the batch, not with the clusters it joins (cluster_index.py):
a new article is compared with a cluster's members only until one is similar enough, and the
merged events of a cluster that only gains members are extended, not recomputed: new mentions
take the event key of their group (same CAMEO code, source and target) and date chain, and only
keys whose chain a new date extends backwards or bridges are rewritten. A cluster that is renamed
(a new smallest id) or joined to another has its merged events recomputed from `events`; with
ids that are hashes, a growing cluster is renamed O(log N) times.
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict, defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tidings.clean.dedup import SCHEME, signature
from tidings.store.cluster_index import ClusterIndex
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
# The merged-event groups of this many clusters are kept in memory between batches.
_CACHED_CLUSTERS = 4096
Group = tuple[str, str, str, str]


class StoryClusters:
    """Fingerprints, clusters and merged events, written in the caller's open transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self._index: ClusterIndex | None = None
        # cluster id -> its merged-event groups -> the date values stored in each.
        self._dates: OrderedDict[str, dict[Group, set[str]]] = OrderedDict()
        self._comparisons = 0

    @property
    def comparisons(self) -> int:
        """Similarity comparisons made so far (by this writer, across batches)."""
        return self._comparisons + (self._index.comparisons if self._index else 0)

    def reset(self) -> None:
        """Forget the in-memory index (its transaction rolled back); it is rebuilt when needed."""
        if self._index is not None:
            self._comparisons += self._index.comparisons
        self._index = None
        self._dates.clear()

    def prepare(self) -> None:
        """Build the index from stored signatures and clusters, fingerprinting and clustering
        stored articles that lack either.

        Call inside the transaction, before the batch's own articles are inserted: articles stored
        before clusters existed, or under another fingerprint scheme, are clustered here.
        """
        if self._index is not None:
            return
        self._index = ClusterIndex()
        rows = self.con.execute(
            "SELECT c.cluster_id, s.article_id, s.signature FROM article_signatures s "
            "JOIN article_clusters c ON c.article_id = s.article_id "
            "WHERE s.scheme = ? AND s.signature IS NOT NULL ORDER BY c.cluster_id, s.article_id",
            [SCHEME],
        ).fetchall()
        stored: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
        for cluster_id, article_id, sig in rows:
            stored[str(cluster_id)].append((str(article_id), bytes(sig)))
        for cluster_id, members in stored.items():
            self._index.load(cluster_id, members)
        stale = self.con.execute(
            "SELECT a.id, a.text FROM articles a "
            "LEFT JOIN article_signatures s ON s.article_id = a.id AND s.scheme = ? "
            "LEFT JOIN article_clusters c ON c.article_id = a.id "
            "WHERE s.article_id IS NULL OR c.article_id IS NULL ORDER BY a.id",
            [SCHEME],
        ).fetchall()
        if stale:
            log.info("fingerprinting and clustering %d stored articles", len(stale))
            sigs = {str(r[0]): signature(str(r[1])) for r in stale}
            self._add(sigs, set(sigs))

    def add(self, signatures: Mapping[str, bytes | None], replaced: Collection[str] = ()) -> None:
        """Cluster articles just inserted, by their signatures (batch.py computes them where
        the text is); `replaced` ones may have left their old cluster."""
        self.prepare()
        self._add(dict(signatures), set(replaced))

    def _add(self, sigs: dict[str, bytes | None], replaced: set[str]) -> None:
        """Store the signatures of articles and cluster them; `replaced` (a subset) were stored
        before."""
        index = self._index
        assert index is not None
        nodes = self._detach(replaced)
        if replaced:
            self.con.execute(
                "DELETE FROM article_signatures WHERE article_id IN ?", [sorted(replaced)]
            )
        insert_rows(
            self.con,
            "article_signatures",
            [{"article_id": a, "scheme": SCHEME, "signature": s} for a, s in sigs.items()],
        )
        nodes.update(sigs)
        # Clusters touched by this batch: their names before it, by the name they have now.
        before: dict[str, set[str]] = {}
        for aid, sig in sorted(nodes.items()):
            if sig is None:
                before[aid] = set()
                continue
            joined = index.insert(aid, sig)
            earlier: set[str] = set()
            for name in joined:
                earlier |= before.pop(name, {name})
            before[index.name_of(aid)] = earlier
        self._assign(sorted(nodes), before)

    def _detach(self, ids: set[str]) -> dict[str, bytes | None]:
        """Take the clusters of `ids` apart: their members, with signatures, to cluster again."""
        if not ids:
            return {}
        assert self._index is not None
        rows = self.con.execute(
            "SELECT DISTINCT cluster_id FROM article_clusters WHERE article_id IN ?",
            [sorted(ids)],
        ).fetchall()
        clusters = sorted(str(r[0]) for r in rows)
        members: dict[str, bytes | None] = dict(self._index.remove_clusters(ids))
        if clusters:
            found = self.con.execute(
                "SELECT article_id FROM article_clusters WHERE cluster_id IN ?", [clusters]
            ).fetchall()
            # Members without a signature (no words) are in no index bucket.
            members.update({str(r[0]): None for r in found if str(r[0]) not in members})
            self.con.execute("DELETE FROM event_mentions WHERE cluster_id IN ?", [clusters])
            self.con.execute("DELETE FROM article_clusters WHERE cluster_id IN ?", [clusters])
            for cluster in clusters:
                self._dates.pop(cluster, None)
        return members

    def _assign(self, nodes: list[str], before: dict[str, set[str]]) -> None:
        """Write the cluster rows of `nodes` (articles without one) and rename the clusters they
        joined; then bring the merged events of every touched cluster up to date."""
        index = self._index
        assert index is not None
        members: list[Row] = [
            {"article_id": n, "cluster_id": index.name_of(n) if n in index else n} for n in nodes
        ]
        insert_rows(self.con, "article_clusters", members)
        renamed: dict[str, set[str]] = {}
        for name, earlier in sorted(before.items()):
            if earlier - {name}:
                renamed[name] = earlier
                self.con.execute(
                    "UPDATE article_clusters SET cluster_id = ? WHERE cluster_id IN ?",
                    [name, sorted(earlier - {name})],
                )
        new_members: dict[str, list[str]] = defaultdict(list)
        for row in members:
            new_members[row["cluster_id"]].append(row["article_id"])
        self._merge_events(new_members, renamed)

    def _merge_events(
        self, new_members: dict[str, list[str]], renamed: dict[str, set[str]]
    ) -> None:
        """Event mentions for the clusters a batch touched: recomputed for `renamed` ones (by
        their new name, with the names they had), extended with the new members' events for
        the others."""
        for name, earlier in sorted(renamed.items()):
            gone = sorted(earlier | {name})
            self.con.execute("DELETE FROM event_mentions WHERE cluster_id IN ?", [gone])
            for old in gone:
                self._dates.pop(old, None)
            rows = self.con.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events e "
                "JOIN article_clusters c ON c.article_id = e.article_id WHERE c.cluster_id = ?",
                [name],
            ).fetchall()
            insert_rows(self.con, "event_mentions", merged_mentions(rows))
        growing = {n: ids for n, ids in new_members.items() if n not in renamed}
        if not growing:
            return
        self._load_dates(sorted(n for n in growing if n not in new_members[n]))
        fresh = sorted(a for ids in growing.values() for a in ids)
        rows = self.con.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events e "
            "JOIN article_clusters c ON c.article_id = e.article_id WHERE e.article_id IN ?",
            [fresh],
        ).fetchall()
        by_cluster: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for row in rows:
            by_cluster[str(row[0])].append(row)
        out: list[Row] = []
        for name, cluster_rows in sorted(by_cluster.items()):
            out.extend(self._extend(name, cluster_rows))
        insert_rows(self.con, "event_mentions", out)
        while len(self._dates) > _CACHED_CLUSTERS:
            self._dates.popitem(last=False)

    def _extend(self, cluster: str, rows: list[tuple[Any, ...]]) -> list[Row]:
        """Mention rows for new events of a cluster whose stored mentions keep their keys,
        except where a new date moves the first day of a stored date chain."""
        stored = self._stored_dates(cluster)
        grouped: dict[Group, list[tuple[Any, ...]]] = defaultdict(list)
        for row in rows:
            grouped[group_of(row)].append(row)
        out: list[Row] = []
        for group, members in sorted(grouped.items()):
            old = stored.setdefault(group, set())
            new = old | {row[8] or "" for row in members}
            old_firsts, new_firsts = chain_firsts(old), chain_firsts(new)
            moved = {
                (event_key(group, old_firsts[v]), event_key(group, new_firsts[v]))
                for v in old
                if old_firsts[v] != new_firsts[v]
            }
            for was, now in sorted(moved):
                self.con.execute(
                    "UPDATE event_mentions SET event_key = ? WHERE event_key = ?", [now, was]
                )
            out.extend(mention_row(event_key(group, new_firsts[r[8] or ""]), r) for r in members)
            stored[group] = new
        return out

    def _stored_dates(self, cluster: str) -> dict[Group, set[str]]:
        """The date values stored in each merged-event group of a cluster (after _load_dates:
        a cluster that is not cached has no stored mentions)."""
        found = self._dates.setdefault(cluster, {})
        self._dates.move_to_end(cluster)
        return found

    def _load_dates(self, clusters: list[str]) -> None:
        """Cache the merged-event groups of stored clusters (one query for those not cached)."""
        wanted = [c for c in clusters if c not in self._dates]
        if not wanted:
            return
        rows = self.con.execute(
            f"SELECT DISTINCT {_EVENT_COLUMNS} FROM event_mentions m "
            "JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id "
            "JOIN article_clusters c ON c.article_id = m.article_id WHERE m.cluster_id IN ?",
            [wanted],
        ).fetchall()
        for cluster in wanted:
            self._dates[cluster] = {}
        for row in rows:
            self._dates[str(row[0])].setdefault(group_of(row), set()).add(row[8] or "")


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


def chain_firsts(values: Iterable[str]) -> dict[str, str]:
    """Each date value with the first day of its chain: day dates at most one day apart chain
    together (single linkage over sorted days, so the chains do not depend on order); a value
    that is not a day ("2015-03", "") stands for itself."""
    days: list[tuple[date, str]] = []
    out: dict[str, str] = {}
    for value in set(values):
        day = _day(value)
        if day is None:
            out[value] = value
        else:
            days.append((day, value))
    days.sort()
    first: date | None = None
    previous: date | None = None
    for day, value in days:
        if previous is None or first is None or day - previous > _ONE_DAY:
            first = day
        out[value] = first.isoformat()
        previous = day
    return out


def group_of(row: tuple[Any, ...]) -> Group:
    """The merged-event group of an event row: cluster, CAMEO code, source and target."""
    return (str(row[0]), row[3] or "", _actor_key(row[4], row[5]), _actor_key(row[6], row[7]))


def event_key(group: Group, first: str) -> str:
    return hashlib.sha256("|".join((*group, first)).encode("utf-8")).hexdigest()[:16]


def mention_row(key: str, row: tuple[Any, ...]) -> Row:
    return {
        "event_key": key,
        "cluster_id": row[0],
        "article_id": row[1],
        "event_id": row[2],
        "sentence": row[9],
        "span_start": row[10],
        "span_end": row[11],
    }


def merged_mentions(rows: Iterable[tuple[Any, ...]]) -> list[Row]:
    """Event mention rows: per-article events of one cluster with the same CAMEO code, source,
    target and dates within a day share one event key.

    Each row is (cluster_id, article_id, event_id, cameo, source_code, source_text, target_code,
    target_text, date_value, sentence, span_start, span_end).
    """
    groups: dict[Group, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        groups[group_of(row)].append(row)
    out: list[Row] = []
    for group, members in sorted(groups.items()):
        firsts = chain_firsts(row[8] or "" for row in members)
        out.extend(mention_row(event_key(group, firsts[row[8] or ""]), row) for row in members)
    return out
