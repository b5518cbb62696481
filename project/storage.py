"""Static files storage for production: WhiteNoise's compressed manifest storage,
without rewriting source-map comments.

Why: Django's ManifestStaticFilesStorage rewrites every `//# sourceMappingURL=...`
comment to the hashed name of the map, and fails collectstatic when the map is not
there. The vendored xstatic-leaflet-markercluster wheel ships
`leaflet.markercluster.js` with a comment naming `leaflet.markercluster.js.map`,
which the wheel does not contain, so `collectstatic` stopped with MissingFileError
and, without a manifest, every page using `{% static %}` answered 500.

Source maps are debugging aids that a browser fetches only when its developer
tools are open; they never affect a reader. So the comments are left as the
library wrote them (a shipped map is still collected under its own name and
resolves), while `url(...)` and `@import` in CSS are still rewritten to hashed
names, which the Leaflet stylesheet's images need. The alternatives were worse:
`manifest_strict = False` only hides a missing file at run time (a page would link
an unhashed, uncached name), and deleting maps from an installed package is not
ours to do. `manifest_strict` stays on: a page never links a file that was not
collected; `events.W006` (a deploy check) says when the manifest is missing.
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for glob, rules in patterns:
        rules = tuple(rule for rule in rules if "sourceMappingURL" not in str(rule))
        if rules:
            kept.append((glob, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
