"""Records of the surveys room (see ../shared/DESIGN.md, "The main records")."""
