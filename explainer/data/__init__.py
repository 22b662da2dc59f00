"""Data layer: the curated fact tables, the price loader with its fallback policy, and the cache refresh."""
