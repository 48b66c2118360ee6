"""The creator's works: adding and listing them, what kind of file each is, its media facts and small previews."""
