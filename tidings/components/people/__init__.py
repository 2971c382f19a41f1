"""People and organisations: one record per real-world person or body, with every mention."""
