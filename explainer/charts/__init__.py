"""Charts layer: chart builders by kind, the house theme and palette, the captioned figure, source lines and
number formats. Imports nothing from the story or the app."""
