"""Records of the relocation room (see ../shared/DESIGN.md, "The main records")."""
