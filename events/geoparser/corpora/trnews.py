"""TR-News (Kamalloo and Rafiei 2018): 118 English news articles from many
outlets with toponyms resolved to GeoNames ids and points. Read from the XML in
milangritta/Pragmatic-Guide-to-Geoparsing-Evaluation (data/Corpora/TR-News.xml),
whose repository gives no licence for redistribution, so it is never committed.
TR-News also tags nationality adjectives ("Turkish") as toponyms; the geoparser
reads those as context, not places, so they are left out of the gold (the count
is printed by --convert).
"""
import xml.etree.ElementTree as ET

_FEATURES = {"A": "admin", "P": "city", "H": "region", "T": "region", "L": "region", "S": "poi", "V": "region"}


def _is_adjective(phrase):
    from events.geoparser.lexicon import demonyms
    from events.geoparser.normalize import normalize_name

    return normalize_name(phrase) in demonyms().keys


def items(path):
    root = ET.parse(path).getroot()
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        golds = []
        for toponym in article.iter("toponym"):
            phrase = (toponym.findtext("phrase") or "").strip()
            tag = toponym.find("gaztag")
            if tag is None or tag.findtext("lat") is None or _is_adjective(phrase):
                continue
            start, end = int(toponym.findtext("start")), int(toponym.findtext("end"))
            if text[start:end] != phrase:
                found = text.find(phrase, max(0, start - 5))
                if found < 0:
                    continue
                start, end = found, found + len(phrase)
            fcode = tag.findtext("fcode") or ""
            feature = "country" if fcode.startswith("PCL") else _FEATURES.get(tag.findtext("fclass") or "", "city")
            golds.append((start, end, float(tag.findtext("lat")), float(tag.findtext("lon")), "ZZ", feature))
        from events.geoparser.corpora import mark

        yield {"id": f"trnews-{article.get('docid')}", "language": "en", "text": mark(text, golds)}
