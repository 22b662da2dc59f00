"""The story's sections, one module per page: each section is a plain function returning a ``Result``, and
each module ends with its ``SECTIONS`` in reading order, which the outline collects."""
