"""Marking hand-worked numbers: claims read and matched to step ids, each marked against the
derivation with error carried forward and a diagnosis of the slip, then reported."""
