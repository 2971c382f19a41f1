"""Story clusters in memory: an LSH index whose buckets group their members by cluster.

A story cluster is a connected component of the graph that joins two articles when they share
an LSH band (`dedup.BANDS`) and their estimated Jaccard similarity reaches `dedup.SIMILARITY`.
A new article is compared with the members of each cluster it shares a band with only until one
of them is similar enough: then it belongs to that cluster, and the other members need no look.
So a story with thousands of copies costs a comparison or two per copy, not one per member, and
the components found are exactly those of the whole graph (an edge to a cluster is looked for
until it is found or every member sharing a band is ruled out), whatever the order of arrival.

Merging moves the smaller cluster into the larger (each article moves O(log N) times); a
cluster's name is its smallest article id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count

from tidings.clean.dedup import BANDS, SIMILARITY, similarity

_BAND_BYTES = BANDS[1] * 4  # rows per band, 4 bytes a hash value


def band_keys(sig: bytes) -> Iterator[tuple[int, bytes]]:
    """The (band, key) pairs of a signature: two signatures share a band when a pair is equal
    (the candidates datasketch's MinHashLSH with the same bands would give)."""
    for band in range(BANDS[0]):
        yield band, sig[band * _BAND_BYTES : (band + 1) * _BAND_BYTES]


@dataclass
class _Cluster:
    name: str
    members: list[str] = field(default_factory=list)


class ClusterIndex:
    """Signatures, their band buckets and the clusters they form, kept in step by `insert`."""

    def __init__(self) -> None:
        self.signatures: dict[str, bytes] = {}
        self.comparisons = 0
        self._buckets: list[dict[bytes, dict[int, list[str]]]] = [{} for _ in range(BANDS[0])]
        self._cluster_of: dict[str, int] = {}
        self._clusters: dict[int, _Cluster] = {}
        self._labels = count()

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._cluster_of

    def __len__(self) -> int:
        return len(self._cluster_of)

    def name_of(self, article_id: str) -> str:
        """The cluster name (smallest member id) of an indexed article."""
        return self._clusters[self._cluster_of[article_id]].name

    def members_of(self, article_id: str) -> list[str]:
        return list(self._clusters[self._cluster_of[article_id]].members)

    def load(self, name: str, members: Iterable[tuple[str, bytes]]) -> None:
        """Index a cluster as it was stored (its members were clustered before: no comparison)."""
        label = next(self._labels)
        cluster = self._clusters[label] = _Cluster(name)
        for article_id, sig in members:
            self._place(article_id, sig, label)
            cluster.members.append(article_id)
        cluster.name = min([name, *cluster.members])

    def insert(self, article_id: str, sig: bytes) -> set[str]:
        """Index a new article and join it to every cluster it is similar to; returns the names
        those clusters had before they were joined."""
        joined = self._similar_clusters(sig)
        label = next(self._labels)
        self._clusters[label] = _Cluster(article_id, [])
        self._place(article_id, sig, label)
        self._clusters[label].members.append(article_id)
        names = {self._clusters[other].name for other in joined}
        for other in joined:
            label = self._merge(label, other)
        return names

    def remove_clusters(self, article_ids: Iterable[str]) -> dict[str, bytes]:
        """Take the clusters of `article_ids` out of the index; their members with signatures
        (to be inserted again, so that what is left of a cluster is clustered anew)."""
        labels = {self._cluster_of[a] for a in article_ids if a in self._cluster_of}
        out: dict[str, bytes] = {}
        for label in labels:
            for member in self._clusters.pop(label).members:
                sig = self.signatures.pop(member)
                del self._cluster_of[member]
                for band, key in band_keys(sig):
                    bucket = self._buckets[band].get(key)
                    if bucket is not None:
                        bucket.pop(label, None)
                        if not bucket:
                            del self._buckets[band][key]
                out[member] = sig
        return out

    def _place(self, article_id: str, sig: bytes, label: int) -> None:
        self.signatures[article_id] = sig
        self._cluster_of[article_id] = label
        for band, key in band_keys(sig):
            self._buckets[band].setdefault(key, {}).setdefault(label, []).append(article_id)

    def _similar_clusters(self, sig: bytes) -> set[int]:
        """The clusters with a member that shares a band with `sig` and is similar enough."""
        found: set[int] = set()
        ruled_out: set[str] = set()
        for band, key in band_keys(sig):
            for label, members in self._buckets[band].get(key, {}).items():
                if label in found:
                    continue
                for member in members:
                    if member in ruled_out:
                        continue
                    self.comparisons += 1
                    if similarity(sig, self.signatures[member]) >= SIMILARITY:
                        found.add(label)
                        break
                    ruled_out.add(member)
        return found

    def _merge(self, one: int, other: int) -> int:
        """Move the smaller of two clusters into the larger; the label that is left."""
        big, small = (one, other)
        if len(self._clusters[big].members) < len(self._clusters[small].members):
            big, small = small, big
        moved = self._clusters.pop(small)
        kept = self._clusters[big]
        for member in moved.members:
            self._cluster_of[member] = big
            for band, key in band_keys(self.signatures[member]):
                bucket = self._buckets[band][key]
                entries = bucket.pop(small, None)
                if entries:
                    bucket.setdefault(big, []).extend(entries)
        kept.members.extend(moved.members)
        kept.name = min(kept.name, moved.name)
        return big
