"""Events: triggers, actors, dyads, modality, time and place anchoring, CAMEO/PLOVER coding."""
