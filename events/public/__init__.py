"""What the public sees: the map, event pages, exports, feeds and the read API. Published events only."""
