"""RSS and Atom feeds: one document an entry, text from full content or summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.errors import IngestError
from tidings.ingest import iter_inputs, sniff
from tidings.ingest.feeds import feed_links, read_feed
from tidings.models import RawDocument

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://gazette.example/</link>
  <description>News from the coast</description>
  <language>en-gb</language>
  <item>
    <title>Coast guard seizes fishing boats</title>
    <link>https://gazette.example/news/boats</link>
    <guid>https://gazette.example/news/boats</guid>
    <pubDate>Tue, 03 Mar 2015 09:30:00 +0000</pubDate>
    <dc:creator>Mara Lind</dc:creator>
    <description>The coast guard seized two boats.</description>
    <content:encoded><![CDATA[<p>The coast guard seized two foreign fishing boats on Monday,
      the ministry said.</p><p>Their crews were <b>detained</b> in the port of
      Klaip&#279;da.<br/>An inquiry has begun.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Talks on the border resume</title>
    <link>https://gazette.example/news/talks</link>
    <pubDate>Wed, 04 Mar 2015 18:00:00 +0000</pubDate>
    <description>&lt;p&gt;Negotiators from both countries met in Riga &amp;amp; agreed
      to meet again.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery</title>
    <link>https://gazette.example/gallery</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Le Courrier du Nord</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2019-05-03T12:00:00Z</updated>
  <entry>
    <title>Manifestation à Lille</title>
    <link href="https://courrier.example/lille"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2019-05-02T20:15:00+02:00</published>
    <updated>2019-05-03T08:00:00Z</updated>
    <author><name>Jeanne Roux</name></author>
    <summary>Des milliers de personnes ont défilé.</summary>
    <content type="html">&lt;p&gt;Des milliers de personnes ont défilé samedi à Lille.&lt;/p&gt;
      &lt;p&gt;La préfecture a compté 4 000 manifestants.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Grève des dockers</title>
    <link href="https://courrier.example/greve"/>
    <id>urn:uuid:2</id>
    <updated>2019-05-01T10:00:00Z</updated>
    <summary type="text">Les dockers du port ont cessé le travail mercredi.</summary>
  </entry>
</feed>
""".encode()

EMPTY = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title>
<link>https://x.example/</link><description>none</description></channel></rss>"""


def test_ingest_feeds_rss_entries_with_full_content() -> None:
    boats, talks, gallery = read_feed(RSS, "gazette.xml")
    assert isinstance(boats, RawDocument) and isinstance(talks, RawDocument)
    assert boats.text == (
        "The coast guard seized two foreign fishing boats on Monday, the ministry said.\n\n"
        "Their crews were detained in the port of Klaipėda.\nAn inquiry has begun."
    )
    assert boats.title == "Coast guard seizes fishing boats"
    assert boats.url == "https://gazette.example/news/boats"
    assert boats.published == date(2015, 3, 3) and boats.byline == "Mara Lind"
    assert boats.outlet == "Harbour Gazette" and boats.language == "en"
    assert str(boats.source) == "gazette.xml:entry 1" and not boats.has_header
    assert talks.text == "Negotiators from both countries met in Riga & agreed to meet again."
    assert str(talks.source) == "gazette.xml:entry 2"
    assert isinstance(gallery, IngestError)
    assert "entry 3" in str(gallery) and "gazette.xml" in str(gallery)


def test_ingest_feeds_atom_entries() -> None:
    lille, greve = read_feed(ATOM, "courrier.atom")
    assert isinstance(lille, RawDocument) and isinstance(greve, RawDocument)
    assert lille.text == (
        "Des milliers de personnes ont défilé samedi à Lille.\n\n"
        "La préfecture a compté 4 000 manifestants."
    )
    assert lille.published == date(2019, 5, 2) and lille.byline == "Jeanne Roux"
    assert lille.url == "https://courrier.example/lille" and lille.language == "fr"
    assert greve.text == "Les dockers du port ont cessé le travail mercredi."
    assert greve.published == date(2019, 5, 1) and greve.outlet == "Le Courrier du Nord"


@pytest.mark.parametrize(("data", "name"), [(RSS, "feed.rss"), (ATOM, "feed.xml")])
def test_ingest_feeds_read_by_iter_inputs(tmp_path: Path, data: bytes, name: str) -> None:
    assert sniff(data[:4096], name) == "feed"
    path = tmp_path / name
    path.write_bytes(data)
    items = list(iter_inputs([str(path)]))
    assert items and isinstance(items[0], RawDocument)
    assert all(str(path) in str(i if isinstance(i, IngestError) else i.source) for i in items)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (EMPTY, "feed has no entries"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel><title>cut", "no entries"),
    ],
)
def test_ingest_feeds_without_entries_is_an_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(data)
    (error,) = iter_inputs([str(path)])
    assert isinstance(error, IngestError)
    assert reason in str(error) and str(path) in str(error)


def test_ingest_feeds_links_in_order_once() -> None:
    doubled = RSS.replace(
        b"</channel>",
        b"<item><link>https://gazette.example/news/boats</link>"
        b"<title>again</title></item></channel>",
    )
    assert feed_links(doubled) == [
        "https://gazette.example/news/boats",
        "https://gazette.example/news/talks",
        "https://gazette.example/gallery",
    ]
    assert feed_links(ATOM) == ["https://courrier.example/lille", "https://courrier.example/greve"]
    with pytest.raises(IngestError, match="no entries"):
        feed_links(EMPTY)
