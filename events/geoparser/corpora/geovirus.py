"""GeoVirus (Gritta et al. 2018): WikiNews articles on epidemics, English, with
each toponym's span and a Wikipedia point. The XML is in the authors' public
repository (milangritta/Geocoding-with-Map-Vector, data/GeoVirus.xml); the
articles are WikiNews (CC BY 2.5) but the repository has no licence for the
annotation, so it is read from a path the user gives and never committed.
Offsets in the file are sometimes one or two characters off: each span is
re-found near its offset.
"""
import xml.etree.ElementTree as ET


def _locate(text, name, start):
    for delta in (0, -1, 1, -2, 2, -3, 3):
        s = start + delta
        if s >= 0 and text[s:s + len(name)] == name:
            return s
    found = text.find(name)
    return found if found >= 0 else None


def items(path):
    root = ET.parse(path).getroot()
    for n, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        golds = []
        for location in article.iter("location"):
            name = (location.findtext("name") or "").strip()
            start = _locate(text, name, int(location.findtext("start") or 0))
            if not name or start is None:
                continue
            golds.append((start, start + len(name), float(location.findtext("lat")),
                          float(location.findtext("lon")), "ZZ", "unknown"))
        from events.geoparser.corpora import mark

        yield {"id": f"geovirus-{n:04d}", "language": "en", "text": mark(text, golds)}
