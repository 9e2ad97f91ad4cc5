"""Records of the oversight room (see ../shared/DESIGN.md, "The main records")."""
