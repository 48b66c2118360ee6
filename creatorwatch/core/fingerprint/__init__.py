"""Content fingerprints, one modality per module (image, audio, text), behind one small protocol."""
